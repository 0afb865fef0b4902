namespace Onnxdl.Graph.Layers;

/// <summary>A model spec (JSON) that cannot describe a model; the message names the file, layer index and field.</summary>
public sealed class ModelSpecException(string message, Exception? inner = null) : Exception(message, inner);
