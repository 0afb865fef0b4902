namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// BatchNormalization, Y = γ·(X − μ)/√(σ² + ε) + β, in inference form (training_mode=0). Training-mode layers feed it
/// X's own batch statistics (<see cref="BatchStatistics"/>); its gradient is then the closed form through them.
/// </summary>
internal static class NormalizationRules
{
    [Gradient("BatchNormalization")]
    private static Var?[] BatchNormalization(GradContext g)
    {
        if (g.Int("training_mode", 0) != 0)
            throw new NotSupportedException(
                $"Gradient of {g.Node}: training_mode=1 is not supported; build batch statistics from ReduceMean/Sub/Mul/Sqrt.");
        return BatchStatistics.Centered(g) is { } centered ? WithBatchStatistics(g, centered) : WithFixedStatistics(g);
    }

    /// <summary>μ and σ² are inputs of their own (running statistics): dX = γ/σ·dY, and μ and σ² get their gradients.</summary>
    private static Var?[] WithFixedStatistics(GradContext g)
    {
        var b = g.B;
        var inv = InverseDeviation(g);
        var scaleInv = b.Mul(g.I(1), inv);
        var dyCentered = g.Needs(1) || g.Needs(4) ? ChannelSum(g, b.Mul(g.GO(0), b.Sub(g.I(0), PerChannel(g, g.I(3))))) : default;
        var dySum = g.Needs(2) || g.Needs(3) ? ChannelSum(g, g.GO(0)) : default;
        return
        [
            g.Needs(0) ? b.Mul(g.GO(0), PerChannel(g, scaleInv)) : null,
            g.Needs(1) ? b.Mul(dyCentered, inv) : null,
            g.Needs(2) ? dySum : null,
            g.Needs(3) ? b.Neg(b.Mul(dySum, scaleInv)) : null,
            g.Needs(4) ? b.Mul(b.Mul(dyCentered, scaleInv), b.Mul(b.Mul(inv, inv), g.Scalar(-0.5))) : null,
        ];
    }

    /// <summary>
    /// μ and σ² are X's batch statistics over M values a channel: dX = γ/σ·(dY − ΣdY/M − (X − μ)/σ²·Σ(dY·(X − μ))/M),
    /// whose part affine in X is one BatchNormalization node over X with the forward's own μ and σ². μ and σ² themselves
    /// get no gradient from this node: their paths are in dX.
    /// </summary>
    private static Var?[] WithBatchStatistics(GradContext g, Var centered)
    {
        var b = g.B;
        var inv = InverseDeviation(g);
        var scaleInv = b.Mul(g.I(1), inv);
        var dyCentered = g.Needs(0) || g.Needs(1) ? ChannelSum(g, b.Mul(g.GO(0), centered)) : default;
        var dySum = g.Needs(0) || g.Needs(2) ? ChannelSum(g, g.GO(0)) : default;
        Var? dx = null;
        if (g.Needs(0))
        {
            var count = ReduceRules.Count(g, g.I(0), g.I(3));
            var slope = b.Neg(b.Div(b.Mul(b.Mul(scaleInv, inv), dyCentered), count));
            var offset = b.Neg(b.Div(b.Mul(scaleInv, dySum), count));
            var statisticsPaths = b.BatchNormalization(g.I(0), slope, offset, g.I(3), g.I(4), Epsilon(g), g.Float("momentum", 0.9f));
            dx = b.Add(b.Mul(g.GO(0), PerChannel(g, scaleInv)), statisticsPaths);
        }
        return [dx, g.Needs(1) ? b.Mul(dyCentered, inv) : null, g.Needs(2) ? dySum : null, null, null];
    }

    /// <summary>1/√(σ² + ε), per channel.</summary>
    private static Var InverseDeviation(GradContext g) => g.B.Reciprocal(g.B.Sqrt(g.B.Add(g.I(4), g.Scalar(Epsilon(g)))));

    /// <summary>The node's ε (ONNX's default 1e-5).</summary>
    private static float Epsilon(GradContext g) => g.Float("epsilon", 1e-5f);

    /// <summary>The sum over every axis but the channel axis 1: a [C] value.</summary>
    private static Var ChannelSum(GradContext g, Var v) =>
        g.B.ReduceSum(v, [0, .. Enumerable.Range(2, g.Rank(g.I(0)) - 2).Select(i => (long)i)], keepDims: false);

    /// <summary>A [C] value shaped to broadcast along axis 1 of X.</summary>
    private static Var PerChannel(GradContext g, Var p) => g.Rank(g.I(0)) <= 2 ? p : g.B.Reshape(p, [-1, .. Enumerable.Repeat(1L, g.Rank(g.I(0)) - 2)]);
}
