namespace Onnx.Augment;

/// <summary>Batch pipeline tuning. Change with <c>with</c>, e.g. <c>new PipelineOptions() with { Prefetch = 0 }</c>.</summary>
public readonly record struct PipelineOptions
{
    public PipelineOptions() { }

    /// <summary>Batches built ahead of the consumer, each on a thread-pool worker; this bounds both
    /// parallelism and memory. 0 builds each batch on the consumer's thread when asked for.</summary>
    public int Prefetch { get; init; } = 4;
}
