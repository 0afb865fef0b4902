namespace Onnxdl.Graph.Layers;

/// <summary>
/// Options of <see cref="Sequential.ToOnnx(ExportOptions)"/>; change defaults with <c>with</c>.
/// Opset: default-domain opset (9 to 21, default 17; ops whose meaning changed are lowered to the same
/// semantics, see GraphBuilder.Lowering.cs). Labels: class names written to <see cref="Artifacts.MetadataKeys.Labels"/> as a
/// JSON array. Preprocessing: an opaque JSON string written to <see cref="Artifacts.MetadataKeys.Preprocessing"/>. DocString: the
/// graph's doc string (a generated one when null). Parameters: values to export instead of the network's own
/// (e.g. trained values held on a device), checked like <see cref="Sequential.SetParameters"/>; the network is not changed.
/// </summary>
public readonly record struct ExportOptions()
{
    public const long MinOpset = 9;
    public const long MaxOpset = 21;

    public long Opset { get; init; } = OnnxModel.DefaultOpset;
    public IReadOnlyList<string>? Labels { get; init; }
    public string? Preprocessing { get; init; }
    public string? DocString { get; init; }
    public IReadOnlyDictionary<string, Tensor>? Parameters { get; init; }
}
