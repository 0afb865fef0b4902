namespace Onnxdl.Runtime;

/// <summary>What one inference benchmark run measured.</summary>
public sealed record InferenceBenchmarkResult(string Model, int Batch, int Images, string Device, double ImagesPerSecond, double LatencyMs);
