namespace Onnxdl.Graph;

/// <summary>Element type plus shape; <see cref="Shape"/> is null when even the rank is unknown.</summary>
public sealed record TensorType(ElementType ElementType, IReadOnlyList<Dim>? Shape)
{
    /// <summary>A float tensor type of the given shape.</summary>
    public static TensorType Float(params Dim[] shape) => new(ElementType.Float, shape);
    /// <summary>An int64 tensor type of the given shape.</summary>
    public static TensorType Int64(params Dim[] shape) => new(ElementType.Int64, shape);

    /// <summary>The number of dimensions; throws when the shape is unknown.</summary>
    public int Rank => Shape?.Count ?? throw new InvalidOperationException("The rank of this tensor is unknown.");

    /// <summary>True when the shape is known and every dimension fixed.</summary>
    public bool IsFullyStatic => Shape is not null && Shape.All(d => d.IsFixed);

    /// <summary>Fixed sizes, with -1 for symbolic or unknown dims.</summary>
    public long[] Dims => Shape?.Select(d => d.Value ?? -1).ToArray() ?? [];

    /// <summary>Equal element types and equal shapes, dimension by dimension.</summary>
    public bool Equals(TensorType? other) =>
        other is not null && ElementType == other.ElementType &&
        (Shape is null ? other.Shape is null : other.Shape is not null && Shape.SequenceEqual(other.Shape));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ElementType, Shape?.Count);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ElementType.OnnxName()}[{(Shape is null ? "?" : string.Join(",", Shape))}]";
}
