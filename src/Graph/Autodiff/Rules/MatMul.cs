namespace Onnxdl.Graph.Autodiff;

/// <summary>Matrix products. Batched MatMul returns batch-shaped gradients; the core sums broadcast batch axes.</summary>
internal static class MatMulRules
{
    /// <summary>dA = dY·Bᵀ, dB = Aᵀ·dY over the last two axes (both operands of rank ≥ 2).</summary>
    [Gradient("MatMul", Broadcasts = true)]
    private static Var?[] MatMul(GradContext g)
    {
        Var a = g.I(0), b = g.I(1), dy = g.GO(0);
        return [g.Needs(0) ? g.B.MatMul(dy, SwapLast(g, b)) : null,
                g.Needs(1) ? g.B.MatMul(SwapLast(g, a), dy) : null];
    }

    private static Var SwapLast(GradContext g, Var x)
    {
        var rank = g.Rank(x);
        if (rank < 2) throw new NotSupportedException($"Gradient of {g.Node}: operand '{x}' has rank {rank}; only rank ≥ 2 is supported.");
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return g.B.Transpose(x, perm);
    }

    /// <summary>
    /// Y = α·A'B' + β·C with A' = transA ? Aᵀ : A. Each gradient is one Gemm whose transpose flags absorb the
    /// forward ones, so no Transpose node is emitted.
    /// </summary>
    [Gradient("Gemm", Broadcasts = true)]
    private static Var?[] Gemm(GradContext g)
    {
        bool ta = g.Int("transA", 0) == 1, tb = g.Int("transB", 0) == 1;
        var alpha = g.Float("alpha", 1f);
        Var a = g.I(0), b = g.I(1), dy = g.GO(0);
        Var Gemm(Var p, Var q, bool tp, bool tq) => g.B.Gemm(p, q, Var.None, transA: tp, transB: tq, alpha: alpha);
        Var? da = !g.Needs(0) ? null : g.InScope(Gradients.InputGradientScope, () => ta ? Gemm(b, dy, tb, true) : Gemm(dy, b, false, !tb));
        Var? db = !g.Needs(1) ? null : g.InScope(Gradients.WeightGradientScope, () => tb ? Gemm(dy, a, true, ta) : Gemm(a, dy, !ta, false));
        var beta = g.Float("beta", 1f);
        Var? dc = !g.Needs(2) ? null : beta == 1f ? dy : g.B.Mul(dy, g.Scalar(beta));
        return [da, db, dc];
    }
}
