namespace Onnxdl.Runtime;

/// <summary>A dense host tensor: dims plus a flat array of float, double, long, int or bool.</summary>
public sealed record TensorData(long[] Dims, Array Data)
{
    public static TensorData Of(float[] data, params long[] dims) => new(dims, data);

    public float[] Floats => Data as float[] ?? throw new InvalidOperationException($"Tensor holds {Data.GetType().Name}, not float[].");

    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    public override string ToString() => $"{Data.GetType().GetElementType()?.Name}[{string.Join(",", Dims)}]";
}
