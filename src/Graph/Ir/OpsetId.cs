namespace Onnxdl.Graph;

/// <summary>An operator set a model imports.</summary>
/// <param name="Domain">The domain; empty for the default <c>ai.onnx</c>.</param>
/// <param name="Version">The opset version, e.g. 17.</param>
public sealed record OpsetId(string Domain, long Version);
