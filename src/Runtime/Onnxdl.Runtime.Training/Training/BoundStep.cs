using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>
/// A train_step or eval_step session with everything bound once: state buffers (both sets, for the
/// train step), batch buffers per batch size, schedule scalars and scalar outputs. A step then only
/// writes the batch into pinned memory and runs.
/// </summary>
internal sealed class BoundStep : IDisposable
{
    private readonly InferenceSession _session;
    private readonly StepContract _contract;
    private readonly TrainingState _state;
    private readonly OnnxGraph _graph;
    private readonly OrtIoBinding[] _bindings = [];
    private readonly Dictionary<int, BatchBuffers> _batches = [];
    private readonly HostTensor? _lr;
    private readonly HostTensor? _step;
    private readonly RunOptions _run = new();
    private readonly GradientBuffer? _gradients;
    private int _boundSize = -1;
    private int _boundStateSet;

    public IReadOnlyList<string> ScalarNames => _contract.ScalarOutputs;
    public float[] Scalars { get; }
    private readonly HostTensor[] _scalarOutputs = [];

    /// <summary>
    /// On a GPU, ONNX Runtime copies a host input to the device when it is bound, not when the session
    /// runs, so host inputs written in place must be bound again before every run.
    /// </summary>
    private readonly bool _rebindHostInputs;

    /// <summary>
    /// Binds <paramref name="session"/>, a session of <paramref name="model"/>, which this object owns from the
    /// call on: when binding fails, the session and everything made for it are disposed before the error goes on.
    /// A grad_step writes its gradients into <paramref name="gradients"/>, an apply_step reads them from there.
    /// </summary>
    public BoundStep(OnnxModel model, InferenceSession session, TrainingState state, bool rebindHostInputs, GradientBuffer? gradients = null)
    {
        _rebindHostInputs = rebindHostInputs;
        _gradients = gradients;
        _graph = model.Graph;
        _state = state;
        _session = session;
        var bindings = new List<OrtIoBinding>(2);
        try
        {
            _contract = StepContract.Of(model);
            var hasSchedule = _graph.Inputs.Exists(i => i.Name == ArtifactNames.LearningRate);
            _lr = hasSchedule ? new HostTensor(Optimizer.LearningRateType.ElementType, []) : null;
            _step = hasSchedule ? new HostTensor(Optimizer.StepType.ElementType, []) : null;
            _scalarOutputs = [.. _contract.ScalarOutputs.Select(_ => new HostTensor(ElementType.Float, []))];
            Scalars = new float[_scalarOutputs.Length];
            var updates = _contract.StateMap.Count > 0;
            for (var set = 0; set < (updates ? 2 : 1); set++) bindings.Add(Bind(set, updates));
            _bindings = [.. bindings];
        }
        catch
        {
            foreach (var b in bindings) b.Dispose();
            Dispose();
            throw;
        }
    }

    /// <summary>Batch buffers of <paramref name="size"/> rows, bound to the session; fill them, then <see cref="Run"/>.</summary>
    public BatchBuffers Prepare(int size)
    {
        if (!_batches.TryGetValue(size, out var buffers)) _batches[size] = buffers = new BatchBuffers(size, _graph, _contract);
        if (_boundSize != size)
        {
            foreach (var binding in _bindings) BindBatch(binding, buffers);
            _boundSize = size;
        }
        return buffers;
    }

    /// <summary>Runs one step on the prepared batch (an apply_step has none); for a train or apply step the state advances.</summary>
    public void Run(float lr, long step, long seed)
    {
        var buffers = _boundSize < 0 ? null : _batches[_boundSize];
        if (_lr is not null) { _lr.Floats[0] = lr; _step!.Longs[0] = step; }
        for (var i = 0; i < (buffers?.Noise.Count ?? 0); i++) NoiseSource.Fill(buffers!.Noise[i].Buffer.Floats, seed, step, i);
        var set = _bindings.Length == 2 ? _state.CurrentSet : 0;
        if (_bindings.Length == 1 && _state.CurrentSet != _boundStateSet) RebindState(_bindings[0], _state.CurrentSet);
        if (_rebindHostInputs)
        {
            BindHostInputs(_bindings[set], buffers);
            _bindings[set].SynchronizeBoundInputs();
        }
        _session.RunWithBinding(_run, _bindings[set]);
        _bindings[set].SynchronizeBoundOutputs();
        if (_contract.StateMap.Count > 0) _state.Swap();
        for (var i = 0; i < Scalars.Length; i++) Scalars[i] = _scalarOutputs[i].Floats[0];
    }

    /// <summary>Binding for reading state set <paramref name="set"/> (and writing the other set when updating).</summary>
    private OrtIoBinding Bind(int set, bool updates)
    {
        var binding = _session.CreateIoBinding();
        BindSchedule(binding);
        for (var i = 0; i < _contract.ScalarOutputs.Count; i++) binding.BindOutput(_contract.ScalarOutputs[i], _scalarOutputs[i].Value);
        BindStateInputs(binding, set);
        if (updates)
        {
            var target = _state.Set(1 - set);
            foreach (var (output, input) in _contract.StateMap) binding.BindOutput(output, target[IndexOf(input)]);
        }
        foreach (var output in _contract.GradientMap.Keys.Where(o => _graph.Outputs.Exists(v => v.Name == o))) binding.BindOutput(output, Gradients[output]);
        BindGradientInputs(binding);
        return binding;
    }

    private void RebindState(OrtIoBinding binding, int set)
    {
        BindStateInputs(binding, set);
        _boundStateSet = set;
    }

    private void BindStateInputs(OrtIoBinding binding, int set)
    {
        var values = _state.Set(set);
        foreach (var name in _contract.StateInputs) binding.BindInput(name, values[IndexOf(name)]);
    }

    private int IndexOf(string state)
    {
        for (var i = 0; i < _state.Infos.Count; i++) if (_state.Infos[i].Name == state) return i;
        throw new OnnxFormatException($"{_graph.Name}: state '{state}' is not held by the trainer.");
    }

    private static void BindBatch(OrtIoBinding binding, BatchBuffers buffers)
    {
        BindBatchInputs(binding, buffers);
        foreach (var (name, o) in buffers.Outputs) binding.BindOutput(name, o.Value);
    }

    private static void BindBatchInputs(OrtIoBinding binding, BatchBuffers buffers)
    {
        binding.BindInput(ArtifactNames.Input, buffers.Input.Value);
        if (buffers.Target is not null) binding.BindInput(ArtifactNames.Target, buffers.Target.Value);
        foreach (var (name, n) in buffers.Noise) binding.BindInput(name, n.Value);
    }

    private void BindSchedule(OrtIoBinding binding)
    {
        if (_lr is null) return;
        binding.BindInput(ArtifactNames.LearningRate, _lr.Value);
        binding.BindInput(ArtifactNames.Step, _step!.Value);
    }

    private void BindHostInputs(OrtIoBinding binding, BatchBuffers? buffers)
    {
        if (buffers is not null) BindBatchInputs(binding, buffers);
        BindSchedule(binding);
        BindGradientInputs(binding);
    }

    private void BindGradientInputs(OrtIoBinding binding)
    {
        foreach (var input in _contract.GradientMap.Values.Where(i => _graph.Inputs.Exists(v => v.Name == i))) binding.BindInput(input, Gradients[input]);
    }

    private GradientBuffer Gradients => _gradients ?? throw new OnnxFormatException($"{_graph.Name}: the step has gradient outputs or inputs but no gradient buffer to bind them to.");

    public void Dispose()
    {
        foreach (var b in _bindings) b.Dispose();
        foreach (var b in _batches.Values) b.Dispose();
        foreach (var s in _scalarOutputs) s.Dispose();
        _lr?.Dispose();
        _step?.Dispose();
        _session.Dispose();
        _run.Dispose();
    }
}
