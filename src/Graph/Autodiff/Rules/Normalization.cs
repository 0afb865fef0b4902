namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// BatchNormalization in inference form (running statistics as inputs): Y = γ·(X − μ)/√(σ² + ε) + β.
/// Training mode is expressed by layers with ReduceMean/Sub/Mul/Sqrt/Div, whose own rules apply.
/// </summary>
internal static class NormalizationRules
{
    [Gradient("BatchNormalization")]
    private static Var?[] BatchNormalization(GradContext g)
    {
        if (g.Int("training_mode", 0) != 0)
            throw new NotSupportedException(
                $"Gradient of {g.Node}: training_mode=1 is not supported; build batch statistics from ReduceMean/Sub/Mul/Sqrt.");
        var b = g.B;
        var rank = g.Rank(g.I(0));
        Var PerChannel(Var p) => rank <= 2 ? p : b.Reshape(p, [-1, .. Enumerable.Repeat(1L, rank - 2)]);
        long[] otherAxes = [0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i)];
        Var x = g.I(0), scale = g.I(1), mean = g.I(3), variance = g.I(4), dy = g.GO(0);

        var inv = b.Reciprocal(b.Sqrt(b.Add(variance, g.Scalar(g.Float("epsilon", 1e-5f)))));
        var centered = b.Sub(x, PerChannel(mean));
        var dyCentered = g.Needs(1) || g.Needs(4) ? b.ReduceSum(b.Mul(dy, centered), otherAxes, keepDims: false) : default;
        var dySum = g.Needs(2) || g.Needs(3) ? b.ReduceSum(dy, otherAxes, keepDims: false) : default;
        var scaleInv = b.Mul(scale, inv);
        return
        [
            g.Needs(0) ? b.Mul(dy, PerChannel(scaleInv)) : null,
            g.Needs(1) ? b.Mul(dyCentered, inv) : null,
            g.Needs(2) ? dySum : null,
            g.Needs(3) ? b.Neg(b.Mul(dySum, scaleInv)) : null,
            g.Needs(4) ? b.Mul(b.Mul(dyCentered, scaleInv), b.Mul(b.Mul(inv, inv), g.Scalar(-0.5))) : null,
        ];
    }
}
