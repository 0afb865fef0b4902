namespace Onnxdl.Graph.Layers;

/// <summary>
/// One row of a model summary; <see cref="OutputShape"/> is per sample (the batch dim is printed as None/null).
/// <see cref="ConnectedTo"/> lists the inbound values as Keras does ("conv2d_1[0][0]") for a functional model; null for a Sequential one.
/// </summary>
public sealed record LayerSummary(string Name, string Type, int[] OutputShape, long Params, long TrainableParams, IReadOnlyList<string>? ConnectedTo = null);
