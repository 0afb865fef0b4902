using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// A host buffer wrapped as an <see cref="OrtValue"/>: written in place between runs, so binding it once is
/// enough and the hot path allocates nothing. The memory is native and 64-byte aligned: vectorised CPU
/// kernels split their loops by alignment, so an arbitrarily aligned buffer could change the order of
/// float sums from one process to the next, and a resumed run would drift from an uninterrupted one.
/// </summary>
internal sealed unsafe class HostTensor : IDisposable
{
    private const int Alignment = 64;
    private void* _memory;

    public long Length { get; }
    public long[] Dims { get; }
    public ElementType ElementType { get; }
    public OrtValue Value { get; }

    public HostTensor(ElementType type, long[] dims)
    {
        ElementType = type;
        Dims = dims;
        Length = checked(Tensor.ElementCount(dims) * type.SizeOf());
        _memory = NativeMemory.AlignedAlloc((nuint)Math.Max(Length, 1), Alignment);
        NativeMemory.Clear(_memory, (nuint)Length);
        Value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, DeviceMemory.ToOrt(type), dims, (nint)_memory, Length);
    }

    public Span<byte> Bytes => new(_memory, checked((int)Length));

    /// <summary>The start of the memory, for views of parts of it (<see cref="GradientBuffer"/>); valid until Dispose.</summary>
    public nint Address => (nint)_memory;

    public Span<float> Floats => MemoryMarshal.Cast<byte, float>(Bytes);

    public Span<long> Longs => MemoryMarshal.Cast<byte, long>(Bytes);

    public Tensor ToTensor(string name) => new(name, ElementType, Dims, Bytes.ToArray());

    public void Dispose()
    {
        if (_memory is null) return;
        Value.Dispose();
        NativeMemory.AlignedFree(_memory);
        _memory = null;
    }
}
