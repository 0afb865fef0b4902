namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Sums a gradient over the axes along which its operand was broadcast, so it gets the operand's shape.
/// Static shapes give a plain ReduceSum; otherwise the axes are found at run time from Shape ops, which
/// keeps a symbolic batch dim symbolic.
/// </summary>
internal static class Unbroadcast
{
    public static Var To(GraphBuilder b, Var grad, IReadOnlyList<Dim>? gradShape, Var operand, IReadOnlyList<Dim>? operandShape)
    {
        if (gradShape is null || operandShape is null || StaticAxes(gradShape, operandShape) is not { } axes)
            return RunTime(b, grad, operand);
        var lead = gradShape.Count - operandShape.Count;
        if (axes.Count == 0) return grad;
        if (axes.All(a => a < lead)) return b.ReduceSum(grad, [.. axes], keepDims: false);
        var reduced = b.ReduceSum(grad, [.. axes], keepDims: true);
        if (lead == 0) return reduced;
        return operandShape.All(d => d.IsFixed)
            ? b.Reshape(reduced, operandShape.Select(d => d.Value!.Value).ToArray())
            : b.Reshape(reduced, b.Shape(operand));
    }

    /// <summary>Axes to sum over, or null when a dim cannot be decided statically.</summary>
    private static List<long>? StaticAxes(IReadOnlyList<Dim> g, IReadOnlyList<Dim> x)
    {
        var lead = g.Count - x.Count;
        if (lead < 0) return null;
        var axes = Enumerable.Range(0, lead).Select(i => (long)i).ToList();
        for (var i = 0; i < x.Count; i++)
        {
            Dim xd = x[i], gd = g[lead + i];
            if (xd.Value == 1) { if (gd.Value != 1) axes.Add(lead + i); }
            else if (!xd.IsFixed && !(xd.Param is not null && xd == gd)) return null;
        }
        return axes;
    }

    /// <summary>
    /// Axes where the operand's shape, left-padded with ones to the gradient's rank, is 1. Uses only
    /// Shape/ConstantOfShape/Concat/Slice/Equal/NonZero on int64, which every provider implements.
    /// </summary>
    private static Var RunTime(GraphBuilder b, Var grad, Var operand)
    {
        var gradShape = b.Shape(grad);
        var operandShape = b.Shape(operand);
        var ones = b.ConstantOfShape(b.Shape(gradShape), Tensor.FromInt64s("one", [1], [1]));
        var padded = b.Op("Slice", [b.Concat(0, ones, operandShape), b.Shape(operandShape),
            b.Constant([long.MaxValue], "end"), b.Constant([0L], "axis")]);
        var axes = b.Reshape(b.Op("NonZero", [b.Equal(padded, b.Constant([1L], "one"))]), [-1L]);
        return b.Reshape(b.ReduceSumDynamic(grad, axes, keepDims: true), operandShape);
    }
}
