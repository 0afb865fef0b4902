namespace Onnxdl.Runtime;

/// <summary>An execution device: <c>cpu</c> or <c>cuda[:id]</c>.</summary>
public readonly record struct Device(DeviceKind Kind, int Id = 0)
{
    /// <summary>The CPU.</summary>
    public static readonly Device Cpu = new(DeviceKind.Cpu);
    /// <summary>CUDA GPU number <paramref name="id"/>.</summary>
    public static Device Cuda(int id = 0) => new(DeviceKind.Cuda, id);

    /// <summary>Parses "cpu", "cuda" or "cuda:ID"; anything else is a usage error naming the accepted forms.</summary>
    public static Device Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "cuda") return Cuda();
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t[5..], out var id) && id >= 0) return Cuda(id);
        throw new ArgumentException($"Unknown device '{text}'. Expected 'cpu', 'cuda' or 'cuda:ID' (ID a GPU index ≥ 0).");
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == DeviceKind.Cpu ? "cpu" : $"cuda:{Id}";
}
