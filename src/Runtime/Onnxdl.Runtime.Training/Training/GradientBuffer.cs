using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Every gradient (and proposed state) of a grad_step in one flat host buffer, each a 64-byte aligned view bound as
/// its own tensor: grad_step writes them, an all-reduce sends the whole buffer in one call (fused, as Horovod and
/// DDP do), apply_step reads them.
/// </summary>
internal sealed class GradientBuffer : IDisposable
{
    private const int FloatsPerAlignment = 16;
    private readonly HostTensor _flat;
    private readonly Dictionary<string, OrtValue> _views = [];

    /// <summary>Views named <paramref name="names"/>, each of the static float type the grad step declares for it.</summary>
    public GradientBuffer(OnnxGraph gradStep, IEnumerable<string> names)
    {
        var layout = names.Select(n => (Name: n, Dims: StaticDims(gradStep, n))).ToArray();
        var offsets = new long[layout.Length];
        long total = 0;
        for (var i = 0; i < layout.Length; i++)
        {
            offsets[i] = total;
            total += (Tensor.ElementCount(layout[i].Dims) + FloatsPerAlignment - 1) / FloatsPerAlignment * FloatsPerAlignment;
        }
        _flat = new HostTensor(ElementType.Float, [total]);
        for (var i = 0; i < layout.Length; i++)
            _views[layout[i].Name] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, DeviceMemory.ToOrt(ElementType.Float), layout[i].Dims,
                _flat.Address + (nint)(offsets[i] * sizeof(float)), Tensor.ElementCount(layout[i].Dims) * sizeof(float));
    }

    /// <summary>All values, padding included (zeros that stay zero).</summary>
    public Span<float> Floats => _flat.Floats;

    public OrtValue this[string name] => _views.TryGetValue(name, out var v) ? v
        : throw new OnnxFormatException($"Gradient '{name}' is not in the gradient buffer; it holds {string.Join(", ", _views.Keys)}.");

    private static long[] StaticDims(OnnxGraph graph, string name)
    {
        var info = graph.Outputs.Find(o => o.Name == name) ?? throw new OnnxFormatException($"{graph.Name}: gradient map names '{name}', which is not an output.");
        return info.Type.ElementType == ElementType.Float && info.Type.IsFullyStatic ? info.Type.Dims
            : throw new OnnxFormatException($"{graph.Name}: gradient '{name}' must be a float tensor of static shape, it is {info.Type}.");
    }

    public void Dispose()
    {
        foreach (var v in _views.Values) v.Dispose();
        _flat.Dispose();
    }
}
