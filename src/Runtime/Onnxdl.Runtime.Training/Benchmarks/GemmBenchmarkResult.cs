namespace Onnxdl.Runtime;

/// <summary>What the SGEMM benchmark measured: the best and the median rate of one n×n×n float MatMul.</summary>
public sealed record GemmBenchmarkResult(int Size, string Device, double BestGflops, double MedianGflops);
