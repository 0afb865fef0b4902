using Onnxdl.Augment;

namespace Onnxdl.Runtime;

/// <summary>
/// Options of <see cref="Model.Fit(Onnxdl.Augment.IBatchSource, FitOptions)"/>, Keras defaults: 1 epoch, batch 32, shuffled, no validation.
/// <see cref="ValidationSplit"/> takes the fraction from the end of the data, as Keras does.
/// </summary>
public sealed record FitOptions
{
    /// <summary>The number of epochs (≥ 1).</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Samples per optimizer step (≥ 1); with a <see cref="Model.Communicator"/>, over all processes (the global batch).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>
    /// Splits each batch into this many micro-batches and sums their gradients before one update (gradient accumulation),
    /// so a batch that does not fit in memory at once still trains as one step of <see cref="BatchSize"/> samples. 1: off.
    /// </summary>
    public int AccumulateSteps { get; init; } = 1;
    /// <summary>The fraction of the data, taken from its end, held out for validation, in [0, 1).</summary>
    public double ValidationSplit { get; init; }
    /// <summary>Separate validation data (instead of a split), or null.</summary>
    public IBatchSource? ValidationData { get; init; }
    /// <summary>Shuffle the training data each epoch (seeded).</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>The seed of shuffling, augmentation and dropout noise.</summary>
    public int Seed { get; init; }
    /// <summary>Callbacks called at the start and end of training and of each epoch.</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>Resume from this checkpoint when it exists (epoch, step, state and learning rate).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>
    /// Checked after every step; when set, training writes <see cref="InterruptCheckpoint"/> (if any) and stops with an
    /// <see cref="OperationCanceledException"/>. In a data-parallel fit, every rank stops after the step where any rank's was set.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where a fit saves its mid-epoch state (when interrupted, and on <see cref="CheckpointEvery"/>'s schedule), so a resume continues at the next batch.</summary>
    public string? InterruptCheckpoint { get; init; }

    /// <summary>Also write <see cref="InterruptCheckpoint"/> mid-epoch on this schedule, so a killed run loses at most one interval; null: only when interrupted.</summary>
    public CheckpointSchedule? CheckpointEvery { get; init; }

    /// <summary>How many of <paramref name="count"/> samples a validation split holds out (rounded down, as Keras does).</summary>
    public static int ValidationCount(int count, double validationSplit) => (int)Math.Floor(count * validationSplit);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option and its value.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be ≥ 1, received {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"batch size must be ≥ 1, received {BatchSize}.");
        if (AccumulateSteps < 1 || AccumulateSteps > BatchSize)
            throw new ArgumentException($"accumulate steps must be in [1, batch size {BatchSize}], received {AccumulateSteps}.");
        if (ValidationSplit is < 0 or >= 1) throw new ArgumentException($"validation split must be in [0, 1), received {ValidationSplit}.");
        if (ValidationSplit > 0 && ValidationData is not null)
            throw new ArgumentException("Give either a validation split or validation data, not both.");
        if (CheckpointEvery is not null && InterruptCheckpoint is null)
            throw new ArgumentException($"A checkpoint schedule ({CheckpointEvery}) needs the file to write: set InterruptCheckpoint.");
    }
}
