namespace Onnxdl.Graph.Optimizers;

/// <summary>Keras's <c>global_clipnorm</c>: every gradient times min(1, clip / sqrt(Σ over all gradients of g²)).</summary>
internal static class GradientClipping
{
    public static Var[] ByGlobalNorm(GraphBuilder b, IReadOnlyList<Var> grads, float clipNorm)
    {
        using var _ = b.BeginScope("clip_by_global_norm");
        var squares = grads.Select(g => b.ReduceSum(b.Mul(g, g), keepDims: false)).ToArray();
        var norm = b.Sqrt(b.Sum(squares));
        // A zero norm gives clip/0 = +inf, and min(1, inf) = 1 leaves the zero gradients as they are.
        var scale = b.Min(b.Constant(1f, "one"), b.Div(b.Constant(clipNorm, "clip_norm"), norm));
        return [.. grads.Select(g => b.Mul(g, scale))];
    }
}
