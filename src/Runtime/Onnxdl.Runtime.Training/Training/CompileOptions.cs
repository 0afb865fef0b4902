using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Runtime;

/// <summary>Where and how a compiled model trains. Defaults: CPU, no fallback needed, opset 17.</summary>
public sealed record CompileOptions
{
    /// <summary>The device to train on (default CPU).</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>When the requested GPU cannot start, train on CPU instead of failing.</summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>The default-domain opset of the training graphs (default 17).</summary>
    public long Opset { get; init; } = Graph.OnnxModel.DefaultOpset;

    /// <summary>Seed of parameter initialisation when the network is not built yet.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The batch size the training graph is tuned for (on the CPU, convolution weight gradients run in cache-sized batch
    /// chunks); any batch still trains. Unknown (null): 32.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// The processes this model trains with, data-parallel (e.g. <see cref="MpiCommunicator.FromEnvironment"/> under mpirun);
    /// null: this process alone. Every rank compiles the same model; see <see cref="Model.Communicator"/>.
    /// </summary>
    public ICommunicator? Communicator { get; init; }

    internal GradientTarget Target => Device.Kind == DeviceKind.Cuda ? GradientTarget.Cuda : GradientTarget.Cpu;
}
