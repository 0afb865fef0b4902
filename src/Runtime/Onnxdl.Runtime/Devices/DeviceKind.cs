namespace Onnxdl.Runtime;

/// <summary>The kinds of device a session can run on.</summary>
public enum DeviceKind
{
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through ONNX Runtime's CUDA provider.</summary>
    Cuda,
}
