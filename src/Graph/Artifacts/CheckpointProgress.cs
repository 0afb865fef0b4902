namespace Onnxdl.Graph;

/// <summary>Where training stood when the checkpoint was written: everything a resumed run needs besides the tensors.</summary>
public sealed record CheckpointProgress
{
    /// <summary>Epochs completed.</summary>
    public int Epoch { get; init; }

    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; init; }

    /// <summary>The seed of the run, so a resumed run repeats the same shuffles and noise.</summary>
    public long Seed { get; init; }

    /// <summary>The learning rate the next step uses (as the schedule left it).</summary>
    public float LearningRate { get; init; }

    /// <summary>Batches already trained in the interrupted epoch (0 at an epoch boundary).</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>The running loss and metric sums of those batches, so the epoch's means come out as without the interruption.</summary>
    public double[] EpochSums { get; init; } = [];

    /// <summary>
    /// What callbacks watching a metric had seen (best value, epochs without improvement), by callback, so early
    /// stopping, best-only checkpoints and plateau schedules go on where they were.
    /// </summary>
    public Dictionary<string, double[]> Callbacks { get; init; } = [];
}
