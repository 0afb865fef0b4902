namespace Onnx.Graph.Layers;

/// <summary>
/// Options of <see cref="Sequential.ToOnnx(ExportOptions)"/>; change defaults with <c>with</c>.
/// Opset: default-domain opset (≥ 13, default 17). Labels: class names written to "onnxdl.labels" as a
/// JSON array. Preprocessing: an opaque JSON string written to "onnxdl.preprocessing". DocString: the
/// graph's doc string (a generated one when null).
/// </summary>
public readonly record struct ExportOptions()
{
    public const long MinOpset = 13;

    public long Opset { get; init; } = OnnxModel.DefaultOpset;
    public IReadOnlyList<string>? Labels { get; init; }
    public string? Preprocessing { get; init; }
    public string? DocString { get; init; }
}
