using System.Runtime.InteropServices;

namespace Onnxdl.Graph;

/// <summary>
/// A dense tensor stored as little-endian raw bytes (ONNX raw_data), so every element type round-trips
/// byte for byte. The tensor owns <see cref="Raw"/>; factories copy their input.
/// </summary>
public sealed class Tensor
{
    /// <summary>The tensor name (an initializer's name is the value it defines).</summary>
    public string Name { get; set; }
    /// <summary>The element type.</summary>
    public ElementType ElementType { get; }
    /// <summary>The shape; empty for a scalar.</summary>
    public long[] Dims { get; }
    /// <summary>The raw little-endian element bytes (owned by the tensor; do not mutate).</summary>
    public byte[] Raw { get; }
    /// <summary>Free-text documentation stored with the tensor.</summary>
    public string DocString { get; set; } = "";

    /// <summary>A tensor from raw little-endian bytes; throws when their length does not match the type and shape.</summary>
    public Tensor(string name, ElementType elementType, long[] dims, byte[] raw)
    {
        var expected = checked(ElementCount(dims) * elementType.SizeOf());
        if (elementType.SizeOf() == 0)
            throw new NotSupportedException($"Tensor '{name}': element type {elementType} is not supported.");
        if (raw.LongLength != expected)
            throw new ArgumentException(
                $"Tensor '{name}': dims [{string.Join(",", dims)}] of {elementType} need {expected} bytes, got {raw.LongLength}.");
        Name = name;
        ElementType = elementType;
        Dims = dims;
        Raw = raw;
    }

    /// <summary>The number of elements: the product of <see cref="Dims"/>.</summary>
    public long ElementCount() => ElementCount(Dims);

    /// <summary>The product of <paramref name="dims"/> (1 for a scalar); throws on a negative dimension or overflow.</summary>
    public static long ElementCount(IReadOnlyList<long> dims)
    {
        long n = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in [{string.Join(",", dims)}].");
            n = checked(n * d);
        }
        return n;
    }

    /// <summary>A float tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromFloats(string name, long[] dims, ReadOnlySpan<float> data) =>
        new(name, ElementType.Float, dims, MemoryMarshal.AsBytes(data).ToArray());

    /// <summary>A double tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromDoubles(string name, long[] dims, ReadOnlySpan<double> data) =>
        new(name, ElementType.Double, dims, MemoryMarshal.AsBytes(data).ToArray());

    /// <summary>An int64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromInt64s(string name, long[] dims, ReadOnlySpan<long> data) =>
        new(name, ElementType.Int64, dims, MemoryMarshal.AsBytes(data).ToArray());

    /// <summary>An int32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromInt32s(string name, long[] dims, ReadOnlySpan<int> data) =>
        new(name, ElementType.Int32, dims, MemoryMarshal.AsBytes(data).ToArray());

    /// <summary>A bool tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromBools(string name, long[] dims, ReadOnlySpan<bool> data) =>
        new(name, ElementType.Bool, dims, MemoryMarshal.AsBytes(data).ToArray());

    /// <summary>A float scalar.</summary>
    public static Tensor Scalar(string name, float value) => FromFloats(name, [], [value]);

    /// <summary>The elements as a new float array; throws when the tensor is not float.</summary>
    public float[] ToFloats() => As<float>(ElementType.Float);
    /// <summary>The elements as a new double array; throws when the tensor is not double.</summary>
    public double[] ToDoubles() => As<double>(ElementType.Double);
    /// <summary>The elements as a new long array; throws when the tensor is not int64.</summary>
    public long[] ToInt64s() => As<long>(ElementType.Int64);
    /// <summary>The elements as a new int array; throws when the tensor is not int32.</summary>
    public int[] ToInt32s() => As<int>(ElementType.Int32);


    /// <summary>The same tensor (sharing its bytes) under another name.</summary>
    public Tensor WithName(string name) => new(name, ElementType, Dims, Raw) { DocString = DocString };

    private T[] As<T>(ElementType expected) where T : unmanaged
    {
        if (ElementType != expected)
            throw new InvalidOperationException($"Tensor '{Name}' holds {ElementType}, not {expected}.");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        return MemoryMarshal.Cast<byte, T>(Raw).ToArray();
    }
}
