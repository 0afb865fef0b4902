using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Onnx.Graph;

namespace Onnx.Runtime;

/// <summary>
/// A pinned host buffer wrapped as an <see cref="OrtValue"/>: written in place between runs, so binding
/// it once is enough and the hot path allocates nothing.
/// </summary>
internal sealed class HostTensor : IDisposable
{
    private GCHandle _pin;

    public byte[] Bytes { get; }
    public long[] Dims { get; }
    public ElementType ElementType { get; }
    public OrtValue Value { get; }

    public HostTensor(ElementType type, long[] dims)
    {
        ElementType = type;
        Dims = dims;
        Bytes = GC.AllocateArray<byte>((int)checked(Tensor.ElementCount(dims) * type.SizeOf()), pinned: true);
        _pin = GCHandle.Alloc(Bytes, GCHandleType.Pinned);
        Value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, DeviceMemory.ToOrt(type), dims,
            _pin.AddrOfPinnedObject(), Bytes.LongLength);
    }

    public Span<float> Floats => MemoryMarshal.Cast<byte, float>(Bytes.AsSpan());

    public Tensor ToTensor(string name) => new(name, ElementType, Dims, (byte[])Bytes.Clone());

    public void Dispose()
    {
        Value.Dispose();
        if (_pin.IsAllocated) _pin.Free();
    }
}
