namespace Onnxdl.Graph;

/// <summary>A named graph value with its type (graph inputs, outputs and annotated intermediates).</summary>
public sealed record ValueInfo(string Name, TensorType Type, string DocString = "");
