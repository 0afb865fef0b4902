namespace Onnxdl.Runtime;

/// <summary>A dense host tensor: dims plus a flat array of float, double, long, int, bool or byte (uint8).</summary>
public sealed record TensorData(long[] Dims, Array Data)
{
    /// <summary>A float tensor of shape <paramref name="dims"/> over <paramref name="data"/> (not copied).</summary>
    public static TensorData Of(float[] data, params long[] dims) => new(dims, data);

    /// <summary>The data as float[]; throws when the tensor holds another type.</summary>
    public float[] Floats => Data as float[] ?? throw new InvalidOperationException($"Tensor holds {Data.GetType().Name}, not float[].");

    /// <summary>The element type of <see cref="Data"/> (<see cref="Graph.ElementType.Undefined"/> for an array of another kind).</summary>
    public Graph.ElementType ElementType => OrtValues.ElementTypeOf(Data);

    /// <summary>The number of elements: the product of <see cref="Dims"/>.</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    /// <inheritdoc/>
    public override string ToString() => $"{Data.GetType().GetElementType()?.Name}[{string.Join(",", Dims)}]";
}
