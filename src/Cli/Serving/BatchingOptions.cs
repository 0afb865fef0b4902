namespace Onnxdl.Cli;

/// <summary>
/// Dynamic batching: at most <see cref="MaxBatchSize"/> rows per run (null: the model's Triton configuration, else
/// <see cref="DefaultMaxBatchSize"/>; 1 turns batching off) and at most <see cref="MaxQueueDelay"/> of waiting for a
/// batch to fill (zero: batch only what queued while the previous run ran, as Triton's default does).
/// </summary>
internal readonly record struct BatchingOptions(int? MaxBatchSize, TimeSpan MaxQueueDelay)
{
    public const int DefaultMaxBatchSize = 32;

    public static BatchingOptions Default => new(null, TimeSpan.Zero);
}
