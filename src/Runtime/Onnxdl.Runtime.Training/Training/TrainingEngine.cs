using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Runs a train_step (and optionally eval_step) model on a device with the training state kept in
/// device buffers between steps. This is all a training loop needs from ONNX Runtime.
/// </summary>
internal sealed class TrainingEngine : IDisposable
{
    private readonly SessionOptions _options;
    private readonly DeviceMemory _memory;
    private readonly TrainingState _state;
    private readonly bool _rebind;
    private SplitStep? _split;

    internal BoundStep Train { get; }
    internal BoundStep? Eval { get; }

    public DeviceChoice Choice { get; }

    /// <summary>Names and types of the state inputs (parameters, optimizer states, running statistics).</summary>
    public IReadOnlyList<ValueInfo> States => _state.Infos;

    /// <summary>
    /// Opens both sessions and binds the state. When any part fails (a step ONNX Runtime refuses, a state it
    /// cannot allocate), everything made before it is disposed and the error is rethrown, as ORT's own
    /// <see cref="InferenceSession"/> constructor does.
    /// </summary>
    public TrainingEngine(OnnxModel trainStep, OnnxModel? evalStep, Device device, bool allowCpuFallback)
    {
        (_options, Choice) = SessionFactory.Create(device, allowCpuFallback, training: true);
        InferenceSession? unowned = null;
        try
        {
            var contract = StepContract.Of(trainStep);
            var infos = contract.StateInputs.Select(n => trainStep.Graph.Inputs.Find(i => i.Name == n)!).ToArray();
            var trainSession = unowned = Open(trainStep);
            _memory = new DeviceMemory(trainSession, Choice.Actual);
            _state = new TrainingState(infos, _memory, _options);
            _rebind = Choice.Actual.Kind != DeviceKind.Cpu;
            unowned = null; // a BoundStep owns its session from the call on, also when it throws
            Train = new BoundStep(trainStep, trainSession, _state, _rebind);
            Eval = evalStep is null ? null : new BoundStep(evalStep, Open(evalStep), _state, _rebind);
        }
        catch
        {
            Release();
            unowned?.Dispose();
            throw;
        }
    }

    /// <summary>grad_step and apply_step on the same state, opened on first use (gradient accumulation, data parallelism).</summary>
    public SplitStep Split(OnnxModel gradStep, OnnxModel applyStep) => _split ??= new SplitStep(gradStep, Open, applyStep, _state, _rebind);

    private InferenceSession Open(OnnxModel step)
    {
        try
        {
            var loaded = Choice.Actual.Kind == DeviceKind.Cpu ? NchwcLayout.ForCpu(step) : step;
            return new InferenceSession(ModelSerializer.ToBytes(loaded), _options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxFormatException($"{step.Graph.Name}: ONNX Runtime cannot load the step: {e.Message}", e);
        }
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors) => _state.Load(tensors);

    public Dictionary<string, Tensor> ReadState() => _state.Read();

    /// <summary>Changes whenever the state does (each train step, each load).</summary>
    public long StateVersion => _state.Version;

    public void Dispose() => Release();

    /// <summary>Disposes whatever exists (the constructor may have stopped part way); the allocator goes before the session it came from (Train's).</summary>
    private void Release()
    {
        _split?.Dispose();
        Eval?.Dispose();
        _state?.Dispose();
        _memory?.Dispose();
        Train?.Dispose();
        _options.Dispose();
    }
}
