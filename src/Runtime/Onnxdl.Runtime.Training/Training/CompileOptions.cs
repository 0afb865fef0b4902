using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Runtime;

/// <summary>Where and how a compiled model trains. Defaults: CPU, no fallback needed, opset 17.</summary>
public sealed record CompileOptions
{
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>When the requested GPU cannot start, train on CPU instead of failing.</summary>
    public bool AllowCpuFallback { get; init; }

    public long Opset { get; init; } = Graph.OnnxModel.DefaultOpset;

    /// <summary>Seed of parameter initialisation when the network is not built yet.</summary>
    public long Seed { get; init; }

    internal GradientTarget Target => Device.Kind == DeviceKind.Cuda ? GradientTarget.Cuda : GradientTarget.Cpu;
}
