namespace Onnxdl.Graph.Layers;

/// <summary>One row of a model summary; <see cref="OutputShape"/> is per sample (the batch dim is printed as None/null).</summary>
public sealed record LayerSummary(string Name, string Type, int[] OutputShape, long Params, long TrainableParams);
