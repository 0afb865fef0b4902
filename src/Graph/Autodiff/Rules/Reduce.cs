namespace Onnxdl.Graph.Autodiff;

/// <summary>Reductions: the output gradient is broadcast back over the reduced axes.</summary>
internal static class ReduceRules
{
    [Gradient("ReduceSum")]
    private static Var?[] ReduceSum(GradContext g) => [BroadcastBack(g, KeptDims(g, g.GO(0))), null];

    [Gradient("ReduceMean")]
    private static Var?[] ReduceMean(GradContext g) =>
        [BroadcastBack(g, KeptDims(g, g.GO(0)), Count(g, g.I(0), g.O(0))), null];

    /// <summary>
    /// <paramref name="kept"/> (the input's rank with size 1 on the reduced axes, or a scalar) broadcast to the input's shape,
    /// divided by <paramref name="count"/> when given, as a Mul with ones over the reduced extent (the input's dims there, 1
    /// elsewhere), not an Expand: ORT's CPU Expand copies element by element — GlobalAveragePool's gradient from
    /// [64, 256, 1, 1] to 7×7 took 0.70–1.02 ms as Expand and Div against 0.16 as this Mul (a throwaway harness, minimum of
    /// 200 runs), 2.2 ms of mobilenet_small's step. The count divides the ones, not kept: a scalar over a tensor whose last
    /// axes are 1 ([64, 256, 1, 1]) is another of ORT's element-by-element broadcasts.
    /// </summary>
    internal static Var BroadcastBack(GradContext g, Var kept, Var? count = null)
    {
        var b = g.B;
        var shape = b.Shape(g.I(0));
        var scalar = ReducesToScalar(g);
        var ones = g.OnesOfShape(scalar ? shape : ReducedExtent(g, kept, shape));
        if (count is not { } n) return b.Mul(kept, ones);
        // Every axis reduced: ones is input-sized and kept a scalar, so the scalar takes the division.
        return scalar ? b.Mul(b.Div(kept, n), ones) : b.Mul(kept, b.Div(ones, n));
    }

    /// <summary>The input's dims where <paramref name="kept"/> has size 1 (the reduced axes, and any size-1 axis), 1 elsewhere.</summary>
    private static Var ReducedExtent(GradContext g, Var kept, Var shape)
    {
        var one = g.Ints1D(1);
        return g.B.Where(g.B.Equal(g.B.Shape(kept), one), shape, one);
    }

    /// <summary>Every axis reduced and not kept: the gradient arrives as a scalar (never for a node without keepdims, e.g. a pool).</summary>
    private static bool ReducesToScalar(GradContext g) =>
        g.Int("keepdims", 1) == 0 && g.Ints("axes") is null && g.Node.Input(1).Length == 0;

    /// <summary>Ties share the gradient equally, so it still sums to the upstream gradient.</summary>
    [Gradient("ReduceMax")]
    [Gradient("ReduceMin")]
    private static Var?[] ReduceExtremum(GradContext g)
    {
        var hit = g.Cast(g.B.Equal(g.I(0), KeptDims(g, g.O(0))));
        var share = g.B.Div(hit, ReduceLike(g, hit));
        return [g.B.Mul(share, KeptDims(g, g.GO(0))), null];
    }

    /// <summary>The number of input elements per output element, Size(X)/Size(Y) (a constant when static).</summary>
    internal static Var Count(GradContext g, Var x, Var y)
    {
        if (g.StaticShape(x) is { } xs && g.StaticShape(y) is { } ys)
            return g.Scalar((double)xs.Aggregate(1L, (p, d) => p * d) / ys.Aggregate(1L, (p, d) => p * d));
        return g.B.Div(g.Cast(g.B.Op("Size", [x])), g.Cast(g.B.Op("Size", [y])));
    }

    /// <summary>Reinserts the reduced axes (as size 1) when keepdims=0, so the value broadcasts against the input.</summary>
    private static Var KeptDims(GradContext g, Var reduced)
    {
        if (g.Int("keepdims", 1) == 1) return reduced;
        return Axes(g) switch
        {
            null => reduced, // all axes reduced to a scalar, which broadcasts as is
            { } axes => g.B.Op("Unsqueeze", [reduced, axes]),
        };
    }

    /// <summary>The same reduction (kept dims) applied to another tensor.</summary>
    private static Var ReduceLike(GradContext g, Var x) => Axes(g) is { } axes
        ? g.B.ReduceSumDynamic(x, axes, keepDims: true)
        : g.B.ReduceSum(x, keepDims: true);

    /// <summary>The reduced axes as an int64 tensor, or null when every axis is reduced.</summary>
    private static Var? Axes(GradContext g)
    {
        if (g.Ints("axes") is { } attr) return g.Ints1D(attr);
        if (g.Node.Input(1).Length > 0) return g.I(1);
        if (g.Int("noop_with_empty_axes", 0) == 1)
            throw new NotSupportedException($"Gradient of {g.Node}: a no-op reduction (noop_with_empty_axes=1, no axes) is not supported.");
        return null;
    }
}
