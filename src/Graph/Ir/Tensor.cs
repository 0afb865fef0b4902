using System.Runtime.InteropServices;

namespace Onnxdl.Graph;

/// <summary>
/// A dense tensor stored as little-endian raw bytes (ONNX raw_data), so every element type round-trips
/// byte for byte. The tensor owns <see cref="Raw"/>; factories copy their input.
/// </summary>
public sealed class Tensor
{
    public string Name { get; set; }
    public ElementType ElementType { get; }
    public long[] Dims { get; }
    public byte[] Raw { get; }
    public string DocString { get; set; } = "";

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

    public long ElementCount() => ElementCount(Dims);

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

    public static Tensor FromFloats(string name, long[] dims, ReadOnlySpan<float> data) =>
        new(name, ElementType.Float, dims, MemoryMarshal.AsBytes(data).ToArray());

    public static Tensor FromDoubles(string name, long[] dims, ReadOnlySpan<double> data) =>
        new(name, ElementType.Double, dims, MemoryMarshal.AsBytes(data).ToArray());

    public static Tensor FromInt64s(string name, long[] dims, ReadOnlySpan<long> data) =>
        new(name, ElementType.Int64, dims, MemoryMarshal.AsBytes(data).ToArray());

    public static Tensor FromInt32s(string name, long[] dims, ReadOnlySpan<int> data) =>
        new(name, ElementType.Int32, dims, MemoryMarshal.AsBytes(data).ToArray());

    public static Tensor FromBools(string name, long[] dims, ReadOnlySpan<bool> data) =>
        new(name, ElementType.Bool, dims, MemoryMarshal.AsBytes(data).ToArray());

    public static Tensor Scalar(string name, float value) => FromFloats(name, [], [value]);

    public float[] ToFloats() => As<float>(ElementType.Float);
    public double[] ToDoubles() => As<double>(ElementType.Double);
    public long[] ToInt64s() => As<long>(ElementType.Int64);
    public int[] ToInt32s() => As<int>(ElementType.Int32);


    public Tensor WithName(string name) => new(name, ElementType, Dims, Raw) { DocString = DocString };

    private T[] As<T>(ElementType expected) where T : unmanaged
    {
        if (ElementType != expected)
            throw new InvalidOperationException($"Tensor '{Name}' holds {ElementType}, not {expected}.");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        return MemoryMarshal.Cast<byte, T>(Raw).ToArray();
    }
}
