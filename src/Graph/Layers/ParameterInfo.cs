namespace Onnxdl.Graph.Layers;

/// <summary>One model parameter: its initializer name (<c>conv2d_1.kernel</c>), shape, and whether training updates it by gradient.</summary>
public sealed record ParameterInfo(string Name, long[] Shape, bool Trainable, string Layer)
{
    /// <summary>The number of elements.</summary>
    public long Count => Tensor.ElementCount(Shape);
    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(",", Shape)}]{(Trainable ? "" : " (non-trainable)")}";
}
