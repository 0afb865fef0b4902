namespace Onnxdl.Graph;

/// <summary>
/// Resource limits <see cref="ModelChecker"/> enforces. <c>new CheckOptions()</c> gives the documented defaults;
/// each problem a limit raises names the option, so a caller who trusts a larger model knows what to raise.
/// </summary>
public readonly record struct CheckOptions()
{
    /// <summary>Largest fixed dimension any declared tensor may have (default 2³¹−1, ONNX Runtime's int32 indexing limit on most kernels).</summary>
    public long MaxDim { get; init; } = int.MaxValue;

    /// <summary>Most elements one declared or stored tensor may hold (default 2³¹, i.e. 8 GiB of float32).</summary>
    public long MaxElements { get; init; } = 1L << 31;

    /// <summary>Largest attribute payload in bytes: a string, a list or a tensor attribute (default 1 MiB).</summary>
    public long MaxAttributeBytes { get; init; } = 1 << 20;

    /// <summary>Most inputs, and most outputs, one node may have (default 10,000).</summary>
    public int MaxNodeArity { get; init; } = 10_000;

    /// <summary>Deepest nesting of subgraphs (If/Loop/Scan bodies) (default 16, as the reader enforces).</summary>
    public int MaxNestingDepth { get; init; } = 16;
}
