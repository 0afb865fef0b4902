namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Backward of "pick elements by flat index" ops (MaxPool Indices, Gather, Slice): adds updates into a zero
/// tensor shaped like the forward input at flat NCHW indices. ScatterND(reduction="add") (opset ≥ 16, CPU and
/// CUDA kernels) sums duplicate indices; without it only duplicate-free indices are correct.
/// </summary>
internal static class FlatScatter
{
    public static Var Add(GradContext g, Var like, Var flatIndices, Var updates, bool indicesAreUnique)
    {
        var b = g.B;
        if (g.Opset < 16 && !indicesAreUnique)
            throw new NotSupportedException(
                $"Gradient of {g.Node}: indices may repeat, which needs ScatterND(reduction=add) from opset 16; the graph targets opset {g.Opset}.");
        var size = b.Reshape(b.Op("Size", [like]), [1L]);
        var zeros = b.ConstantOfShape(size, g.FloatType == ElementType.Double
            ? Tensor.FromDoubles("zero", [1], [0.0]) : Tensor.FromFloats("zero", [1], [0f]));
        var indices = b.Reshape(flatIndices, [-1L, 1L]);
        var values = b.Reshape(updates, [-1L]);
        var scattered = g.Opset >= 16
            ? b.Op("ScatterND", [zeros, indices, values], Attr.String("reduction", "add"))
            : b.Op("ScatterND", [zeros, indices, values]);
        return b.Reshape(scattered, b.Shape(like));
    }

    /// <summary>The flat index of every element of <paramref name="like"/>, shaped like it (int64).</summary>
    public static Var Positions(GraphBuilder b, Var like) =>
        b.Reshape(b.Op("Range", [b.ScalarInt64(0, "zero"), b.Op("Size", [like]), b.ScalarInt64(1, "one")]), b.Shape(like));
}
