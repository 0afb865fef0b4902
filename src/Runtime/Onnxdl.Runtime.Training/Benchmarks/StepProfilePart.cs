namespace Onnxdl.Runtime;

/// <summary>Kernel milliseconds per step of some nodes and, where the layer has Conv/Gemm/MatMul arithmetic, their GFLOP/s.</summary>
public sealed record StepProfilePart(double Ms, double? Gflops)
{
    /// <summary>No nodes.</summary>
    public static StepProfilePart None { get; } = new(0, null);

    /// <summary>This part's rate as a fraction of <paramref name="reference"/>'s, when both have one.</summary>
    public double? RateAgainst(StepProfilePart reference) => Gflops is { } g && reference.Gflops is { } r && r > 0 ? g / r : null;
}
