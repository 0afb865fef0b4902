using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Runs a train_step (and optionally eval_step) model on a device with the training state kept in
/// device buffers between steps. This is all a training loop needs from ONNX Runtime.
/// </summary>
public sealed class TrainingEngine : IDisposable
{
    private readonly SessionOptions _options;
    private readonly DeviceMemory _memory;
    private readonly TrainingState _state;

    internal BoundStep Train { get; }
    internal BoundStep? Eval { get; }

    public DeviceChoice Choice { get; }

    /// <summary>Names and types of the state inputs (parameters, optimizer states, running statistics).</summary>
    public IReadOnlyList<ValueInfo> States => _state.Infos;

    public TrainingEngine(OnnxModel trainStep, OnnxModel? evalStep, Device device, bool allowCpuFallback)
    {
        (_options, Choice) = SessionFactory.Create(device, allowCpuFallback, training: true);
        var contract = StepContract.Of(trainStep);
        var infos = contract.StateInputs.Select(n => trainStep.Graph.Inputs.Find(i => i.Name == n)!).ToArray();
        var trainSession = new InferenceSession(ModelSerializer.ToBytes(trainStep), _options);
        _memory = new DeviceMemory(trainSession, Choice.Actual);
        _state = new TrainingState(infos, _memory, _options);
        var rebind = Choice.Actual.Kind != DeviceKind.Cpu;
        Train = new BoundStep(trainStep, trainSession, _state, rebind);
        Eval = evalStep is null ? null
            : new BoundStep(evalStep, new InferenceSession(ModelSerializer.ToBytes(evalStep), _options), _state, rebind);
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors) => _state.Load(tensors);

    public Dictionary<string, Tensor> ReadState() => _state.Read();

    /// <summary>Changes whenever the state does (each train step, each load).</summary>
    public long StateVersion => _state.Version;

    public void Dispose()
    {
        // The allocator must go before the session it came from (Train's).
        Eval?.Dispose();
        _state.Dispose();
        _memory.Dispose();
        Train.Dispose();
        _options.Dispose();
    }
}
