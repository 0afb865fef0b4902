namespace Onnxdl.Graph.Layers;

/// <summary>One entry of a spec's "layers": the layer, its name as written (null when unnamed), its "inputs" (null when absent) and where it sits.</summary>
internal sealed record SpecLayer(Layer Layer, string? Name, string[]? Inputs, string Context);
