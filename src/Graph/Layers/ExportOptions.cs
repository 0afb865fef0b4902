namespace Onnxdl.Graph.Layers;

/// <summary>
/// Options of <see cref="Functional.ToOnnx(ExportOptions)"/>; change defaults with <c>with</c>.
/// Opset: default-domain opset (9 to 21, default 17; ops whose meaning changed are lowered to the same
/// semantics, see GraphBuilder.Lowering.cs). Labels: class names written to <see cref="Artifacts.MetadataKeys.Labels"/> as a
/// JSON array. Preprocessing: an opaque JSON string written to <see cref="Artifacts.MetadataKeys.Preprocessing"/>. DocString: the
/// graph's doc string (a generated one when null). Parameters: values to export instead of the network's own
/// (e.g. trained values held on a device), checked like <see cref="Functional.SetParameters"/>; the network is not changed.
/// </summary>
public readonly record struct ExportOptions()
{
    /// <summary>The oldest opset the exporter can write.</summary>
    public const long MinOpset = 9;
    /// <summary>The newest opset the exporter can write.</summary>
    public const long MaxOpset = 21;

    /// <summary>The default-domain opset to write (default 17).</summary>
    public long Opset { get; init; } = OnnxModel.DefaultOpset;
    /// <summary>Class labels stored in the model's metadata (onnxdl.labels), or null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }
    /// <summary>Input preprocessing JSON stored in the model's metadata (onnxdl.preprocessing), or null.</summary>
    public string? Preprocessing { get; init; }
    /// <summary>Documentation stored in the model, or null.</summary>
    public string? DocString { get; init; }
    /// <summary>Parameter values to export instead of the network's own (e.g. trained weights read from a device), or null; must cover every parameter with its shape.</summary>
    public IReadOnlyDictionary<string, Tensor>? Parameters { get; init; }
}
