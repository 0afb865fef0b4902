namespace Onnxdl.Graph.Optimizers;

/// <summary>A named value the optimizer step produced (an updated parameter or state).</summary>
public readonly record struct UpdatedValue(string Name, Var Value);
