namespace Onnxdl.Runtime;

/// <summary>Thrown when CUDA was asked for, cannot start, and CPU fallback was not allowed.</summary>
public sealed class DeviceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
