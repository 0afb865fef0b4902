using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>Allocates tensors in a session's device memory (host memory for CPU sessions).</summary>
internal sealed class DeviceMemory : IDisposable
{
    private readonly OrtMemoryInfo? _info;
    private readonly OrtAllocator _allocator;

    public DeviceMemory(InferenceSession session, Device device)
    {
        if (device.Kind == DeviceKind.Cpu)
        {
            _allocator = OrtAllocator.DefaultInstance;
            return;
        }
        _info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, device.Id, OrtMemType.Default);
        _allocator = new OrtAllocator(session, _info);
    }

    /// <summary>A new uninitialised tensor on the device; the caller owns and disposes it.</summary>
    public OrtValue Allocate(ElementType type, long[] dims) =>
        OrtValue.CreateAllocatedTensorValue(_allocator, ToOrt(type), dims);

    public static TensorElementType ToOrt(ElementType type) => type switch
    {
        ElementType.Float => TensorElementType.Float,
        ElementType.Double => TensorElementType.Double,
        ElementType.Int64 => TensorElementType.Int64,
        ElementType.Int32 => TensorElementType.Int32,
        ElementType.Bool => TensorElementType.Bool,
        _ => throw new NotSupportedException($"Training state of type {type} is not supported."),
    };

    public void Dispose()
    {
        if (_info is null) return;
        _allocator.Dispose();
        _info.Dispose();
    }
}
