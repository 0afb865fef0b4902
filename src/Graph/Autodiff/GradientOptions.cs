namespace Onnxdl.Graph.Autodiff;

/// <summary>The execution provider a backward graph is lowered for; the graph is standard ONNX either way.</summary>
public enum GradientTarget
{
    /// <summary>May use ops that only the CPU provider implements (MaxUnpool).</summary>
    Cpu,

    /// <summary>Uses only ops with CUDA kernels (ScatterElements instead of MaxUnpool).</summary>
    Cuda,
}

/// <summary>Options of <see cref="Gradients.Build"/>.</summary>
/// <param name="AllowUnused">Return zeros for a requested value the loss does not depend on, instead of throwing.</param>
/// <param name="Target">Provider the backward ops are chosen for.</param>
/// <param name="StopGradient">Values through which no gradient flows (as if they were constants).</param>
/// <param name="Seed">Upstream gradient of the loss; default a constant 1 of the loss's shape.</param>
/// <param name="BatchSize">
/// The batch size the lowering is tuned for (the CPU weight gradient of a convolution runs in cache-sized batch chunks);
/// the graph still runs any batch. Unknown: <see cref="DefaultBatchSize"/>.
/// </param>
public readonly record struct GradientOptions(
    bool AllowUnused = false,
    GradientTarget Target = GradientTarget.Cpu,
    ISet<string>? StopGradient = null,
    Var? Seed = null,
    int? BatchSize = null)
{
    /// <summary>The batch size assumed when none is given (Keras' default).</summary>
    public const int DefaultBatchSize = 32;
}
