using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Every state tensor (parameters, optimizer states, running statistics) in two device buffer sets:
/// a step reads the current set and writes the other, then <see cref="Swap"/> flips them,
/// so no state is copied between steps. Host copies happen only on load and save.
/// </summary>
internal sealed class TrainingState : IDisposable
{
    private readonly OrtValue[][] _sets;
    private readonly HostTensor[] _host;
    private readonly StateCopier _copier;
    private int _current;

    public IReadOnlyList<ValueInfo> Infos { get; }

    public TrainingState(IReadOnlyList<ValueInfo> infos, DeviceMemory memory, SessionOptions options)
    {
        Infos = infos;
        _sets = [Allocate(infos, memory), Allocate(infos, memory)];
        _host = [.. infos.Select(i => new HostTensor(i.Type.ElementType, StaticDims(i)))];
        _copier = new StateCopier(infos, options);
    }

    public IReadOnlyList<OrtValue> Current => _sets[_current];

    /// <summary>Index of the buffer set <see cref="Current"/> refers to (bindings are made per set).</summary>
    public int CurrentSet => _current;

    public OrtValue[] Set(int index) => _sets[index];

    public void Swap()
    {
        _current = 1 - _current;
        Version++;
    }

    /// <summary>Changes whenever the state does (a step, a load): what a copy made from it (e.g. a predictor) compares against.</summary>
    public long Version { get; private set; }

    /// <summary>Uploads host tensors (by name) into the current buffers; every state must be given.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> tensors)
    {
        for (var i = 0; i < Infos.Count; i++)
        {
            var info = Infos[i];
            if (!tensors.TryGetValue(info.Name, out var t))
                throw new ArgumentException($"No value given for training state '{info.Name}' ({info.Type}).");
            if (t.ElementType != info.Type.ElementType || !t.Dims.SequenceEqual(_host[i].Dims))
                throw new ArgumentException(
                    $"Training state '{info.Name}' expects {info.Type}, received {t.ElementType.OnnxName()}[{string.Join(",", t.Dims)}].");
            t.Raw.CopyTo(_host[i].Bytes);
        }
        _copier.Copy([.. _host.Select(h => h.Value)], Current);
        Version++;
    }

    /// <summary>Downloads the current buffers into fresh host tensors.</summary>
    public Dictionary<string, Tensor> Read()
    {
        _copier.Copy(Current, [.. _host.Select(h => h.Value)]);
        return Infos.Select((info, i) => _host[i].ToTensor(info.Name)).ToDictionary(t => t.Name);
    }

    private static OrtValue[] Allocate(IReadOnlyList<ValueInfo> infos, DeviceMemory memory) =>
        [.. infos.Select(i => memory.Allocate(i.Type.ElementType, StaticDims(i)))];

    private static long[] StaticDims(ValueInfo info) =>
        info.Type.IsFullyStatic ? info.Type.Dims
            : throw new OnnxFormatException($"Training state '{info.Name}' must have a static shape, it has {info.Type}.");

    public void Dispose()
    {
        foreach (var v in _sets.SelectMany(s => s)) v.Dispose();
        foreach (var h in _host) h.Dispose();
        _copier.Dispose();
    }
}
