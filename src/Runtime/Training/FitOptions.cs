using Onnxdl.Augment;

namespace Onnxdl.Runtime;

/// <summary>
/// Options of <see cref="Model.Fit"/>, Keras defaults: 1 epoch, batch 32, shuffled, no validation.
/// <see cref="ValidationSplit"/> takes the fraction from the end of the data, as Keras does.
/// </summary>
public sealed record FitOptions
{
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public double ValidationSplit { get; init; }
    public IBatchSource? ValidationData { get; init; }
    public bool Shuffle { get; init; } = true;
    public int Seed { get; init; }
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>Resume from this checkpoint when it exists (epoch, step, state and learning rate).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Checked after every step; when set, training writes <see cref="InterruptCheckpoint"/> (if any) and stops.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where an interrupted fit saves its mid-epoch state, so a resume continues at the next batch.</summary>
    public string? InterruptCheckpoint { get; init; }

    /// <summary>How many of <paramref name="count"/> samples a validation split holds out (rounded down, as Keras does).</summary>
    public static int ValidationCount(int count, double validationSplit) => (int)Math.Floor(count * validationSplit);

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be ≥ 1, received {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"batch size must be ≥ 1, received {BatchSize}.");
        if (ValidationSplit is < 0 or >= 1) throw new ArgumentException($"validation split must be in [0, 1), received {ValidationSplit}.");
        if (ValidationSplit > 0 && ValidationData is not null)
            throw new ArgumentException("Give either a validation split or validation data, not both.");
    }
}
