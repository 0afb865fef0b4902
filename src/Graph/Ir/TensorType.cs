namespace Onnxdl.Graph;

/// <summary>Element type plus shape; <see cref="Shape"/> is null when even the rank is unknown.</summary>
public sealed record TensorType(ElementType ElementType, IReadOnlyList<Dim>? Shape)
{
    public static TensorType Float(params Dim[] shape) => new(ElementType.Float, shape);
    public static TensorType Int64(params Dim[] shape) => new(ElementType.Int64, shape);

    public int Rank => Shape?.Count ?? throw new InvalidOperationException("The rank of this tensor is unknown.");

    public bool IsFullyStatic => Shape is not null && Shape.All(d => d.IsFixed);

    /// <summary>Fixed sizes, with -1 for symbolic or unknown dims.</summary>
    public long[] Dims => Shape?.Select(d => d.Value ?? -1).ToArray() ?? [];

    public bool Equals(TensorType? other) =>
        other is not null && ElementType == other.ElementType &&
        (Shape is null ? other.Shape is null : other.Shape is not null && Shape.SequenceEqual(other.Shape));

    public override int GetHashCode() => HashCode.Combine(ElementType, Shape?.Count);

    public override string ToString() =>
        $"{ElementType.OnnxName()}[{(Shape is null ? "?" : string.Join(",", Shape))}]";
}
