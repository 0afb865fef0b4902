namespace Onnxdl.Augment;

/// <summary>Batch pipeline tuning; <c>new PipelineOptions()</c> has the documented defaults, change them with
/// <c>with</c> or an initializer. (<c>default(PipelineOptions)</c> has Prefetch = 0, i.e. no worker threads.)</summary>
public readonly record struct PipelineOptions
{
    /// <summary>The defaults: see each property.</summary>
    public PipelineOptions() { }

    /// <summary>Batches built ahead of the consumer, each on a thread-pool worker; this bounds both
    /// parallelism and memory. 0 builds each batch on the consumer's thread when asked for.</summary>
    public int Prefetch { get; init; } = 4;
}
