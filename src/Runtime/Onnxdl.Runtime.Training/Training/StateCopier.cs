using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Copies a set of tensors between host and device (or device and device) by running an Identity
/// graph with bound inputs and outputs — the standard API's portable way to move data on any provider.
/// </summary>
internal sealed class StateCopier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _names;

    public StateCopier(IReadOnlyList<ValueInfo> states, SessionOptions options)
    {
        _names = [.. states.Select(s => s.Name)];
        var b = new GraphBuilder("state_copy");
        foreach (var s in states) b.Output(b.Identity(b.Input(s.Name, s.Type)), s.Type, s.Name + ".copy");
        _session = new InferenceSession(ModelSerializer.ToBytes(new OnnxModel(b.Graph)), options);
    }

    public void Copy(IReadOnlyList<OrtValue> from, IReadOnlyList<OrtValue> to)
    {
        using var binding = _session.CreateIoBinding();
        for (var i = 0; i < _names.Length; i++)
        {
            binding.BindInput(_names[i], from[i]);
            binding.BindOutput(_names[i] + ".copy", to[i]);
        }
        _session.RunWithBinding(_run, binding);
        binding.SynchronizeBoundOutputs();
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
