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

    /// <summary>How many batches are decoded and augmented at the same time, each on its own thread-pool worker (≥ 1).
    /// The default leaves most cores to ONNX Runtime: see <see cref="DefaultWorkers"/>.</summary>
    public int Workers { get; init; } = DefaultWorkers(Environment.ProcessorCount);

    /// <summary>The default <see cref="Workers"/> for a machine with <paramref name="cores"/> cores: a quarter of them, at least one
    /// (measured: README, "Streaming image folders").</summary>
    public static int DefaultWorkers(int cores) => Math.Max(1, cores / 4);
}
