namespace Onnxdl.Graph.Autodiff;

/// <summary>Arithmetic: gradients are returned at the output's shape; the core un-broadcasts them.</summary>
internal static class ElementwiseRules
{
    [Gradient("Add", Broadcasts = true)]
    private static Var?[] Add(GradContext g) => [g.GO(0), g.GO(0)];

    [Gradient("Sub", Broadcasts = true)]
    private static Var?[] Sub(GradContext g) => [g.GO(0), g.Needs(1) ? g.B.Neg(g.GO(0)) : null];

    [Gradient("Mul", Broadcasts = true)]
    private static Var?[] Mul(GradContext g) =>
        [g.Needs(0) ? g.B.Mul(g.GO(0), g.I(1)) : null, g.Needs(1) ? g.B.Mul(g.GO(0), g.I(0)) : null];

    /// <summary>d(a/b) = da/b − db·(a/b)/b, reusing the forward quotient.</summary>
    [Gradient("Div", Broadcasts = true)]
    private static Var?[] Div(GradContext g) =>
        [g.Needs(0) ? g.B.Div(g.GO(0), g.I(1)) : null,
         g.Needs(1) ? g.B.Neg(g.B.Div(g.B.Mul(g.GO(0), g.O(0)), g.I(1))) : null];

    /// <summary>d(aᵇ) = b·aᵇ⁻¹ da + aᵇ·ln a db.</summary>
    [Gradient("Pow", Broadcasts = true)]
    private static Var?[] Pow(GradContext g)
    {
        var b = g.B;
        return [g.Needs(0) ? b.Mul(g.GO(0), b.Mul(g.Cast(g.I(1)), b.Pow(g.I(0), b.Sub(g.Cast(g.I(1)), g.Scalar(1))))) : null,
                g.Needs(1) ? b.Mul(g.GO(0), b.Mul(g.O(0), b.Log(g.I(0)))) : null];
    }

    [Gradient("Sum", Broadcasts = true)]
    private static Var?[] Sum(GradContext g) => [.. Enumerable.Repeat<Var?>(g.GO(0), g.InputCount)];

    /// <summary>
    /// Max/Min pass the gradient to the first input equal to the result, as TensorFlow's maximum(x, y) does
    /// (x ≥ y → x), so a tie is counted once and the gradient sums to the upstream one; a left fold of binary
    /// Max is thereby a first-maximum selector (the pooling rewrite relies on it). Mul by a <see cref="StepMask"/>,
    /// not Where: ORT's CPU Where with a broadcast scalar is ~4× slower.
    /// </summary>
    [Gradient("Max", Broadcasts = true)]
    [Gradient("Min", Broadcasts = true)]
    private static Var?[] Extremum(GradContext g)
    {
        var grads = new Var?[g.InputCount];
        var remaining = g.GO(0);
        for (var i = 0; i < g.InputCount - 1; i++)
        {
            var routed = g.B.Mul(remaining, StepMask.AtBound(g, g.I(i), g.O(0), below: g.Node.OpType == "Max"));
            if (g.Needs(i)) grads[i] = routed;
            remaining = g.B.Sub(remaining, routed);
        }
        grads[^1] = g.Needs(g.InputCount - 1) ? remaining : null;
        return grads;
    }

    [Gradient("Where", Broadcasts = true)]
    private static Var?[] Where(GradContext g) =>
        [null, g.Needs(1) ? g.B.Where(g.I(0), g.GO(0), g.Scalar(0)) : null,
         g.Needs(2) ? g.B.Where(g.I(0), g.Scalar(0), g.GO(0)) : null];

    [Gradient("Expand", Broadcasts = true)]
    private static Var?[] Expand(GradContext g) => [g.GO(0), null];

    [Gradient("Neg")]
    private static Var?[] Neg(GradContext g) => [g.B.Neg(g.GO(0))];

    [Gradient("Abs")]
    private static Var?[] Abs(GradContext g) => [g.B.Mul(g.GO(0), g.B.Sign(g.I(0)))];

    [Gradient("Reciprocal")]
    private static Var?[] Reciprocal(GradContext g) => [g.B.Neg(g.B.Mul(g.GO(0), g.B.Mul(g.O(0), g.O(0))))];

    [Gradient("Exp")]
    private static Var?[] Exp(GradContext g) => [g.B.Mul(g.GO(0), g.O(0))];

    [Gradient("Log")]
    private static Var?[] Log(GradContext g) => [g.B.Div(g.GO(0), g.I(0))];

    /// <summary>d√x = dx / (2√x), reusing the forward root.</summary>
    [Gradient("Sqrt")]
    private static Var?[] Sqrt(GradContext g) => [g.B.Div(g.B.Mul(g.GO(0), g.Scalar(0.5)), g.O(0))];

    [Gradient("Identity")]
    private static Var?[] Identity(GradContext g) => [g.GO(0)];

    /// <summary>Float→float casts pass the gradient back in the source type; casts to integers never get here (no gradient flows into integers).</summary>
    [Gradient("Cast")]
    private static Var?[] Cast(GradContext g) =>
        [g.TypeOf(g.I(0))?.ElementType is { } source ? g.B.Cast(g.GO(0), source) : g.GO(0)];

    /// <summary>Passes the gradient where the input was not clipped (bounds get none).</summary>
    [Gradient("Clip")]
    private static Var?[] Clip(GradContext g) => [g.B.Where(g.B.Equal(g.I(0), g.O(0)), g.GO(0), g.Scalar(0))];
}
