namespace Onnxdl.Augment;

/// <summary>The image sets <see cref="PipelineBenchmark"/> measures.</summary>
public enum BenchmarkCase
{
    /// <summary>28×28 grey PNGs (the seed's images) → 28×28.</summary>
    Png28,
    /// <summary>256×256 colour JPEGs → grey 28×28.</summary>
    Jpeg256,
}
