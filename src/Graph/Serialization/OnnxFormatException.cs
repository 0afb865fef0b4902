namespace Onnxdl.Graph;

/// <summary>A file or byte buffer that is not a valid (or not an acceptable) ONNX model.</summary>
public sealed class OnnxFormatException(string message, Exception? inner = null) : Exception(message, inner);
