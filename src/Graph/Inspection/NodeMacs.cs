namespace Onnxdl.Graph;

/// <summary>
/// One Conv, Gemm or MatMul node: its multiply-accumulates per sample, and whether its input is the model's data (computed
/// from no parameter, e.g. the input or its Flatten), so that no input gradient is computed for it.
/// </summary>
public sealed record NodeMacs(string Node, long MacsPerSample, bool ReadsData)
{
    /// <summary>Forward, weight gradient and (unless the input is data, which needs none) input gradient: 2 FLOPs per MAC each.</summary>
    public long TrainingFlopsPerSample => 2 * MacsPerSample * (ReadsData ? 2 : 3);

    /// <summary>The backward part of <see cref="TrainingFlopsPerSample"/>.</summary>
    public long BackwardFlopsPerSample => 2 * MacsPerSample * (ReadsData ? 1 : 2);
}
