using Onnxdl.Graph.Losses;
using Onnxdl.Graph;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>Whole sub-networks built from the elementary rules, against finite differences.</summary>
public class CompositeGradientTests
{
    /// <summary>Training-mode batch norm as layers build it: batch statistics from ReduceMean/Sub/Mul/Sqrt/Div, symbolic N.</summary>
    [Fact]
    public void Batch_norm_from_elementary_ops() => GradCheck.Check((b, v) =>
    {
        var (x, gamma, beta) = (v[0], v[1], v[2]);
        var mean = b.ReduceMean(x, [0, 2, 3]);
        var centered = b.Sub(x, mean);
        var variance = b.ReduceMean(b.Mul(centered, centered), [0, 2, 3]);
        var normalized = b.Div(centered, b.Sqrt(b.Add(variance, b.Constant(Tensor.FromDoubles("eps", [], [1e-3])))));
        return b.Add(b.Mul(normalized, b.Reshape(gamma, [3L, 1, 1])), b.Reshape(beta, [3L, 1, 1]));
    }, [Arg.Random("x", [4, 3, 2, 2], 1) with { SymbolicBatch = true }, Arg.Random("gamma", [3], 2), Arg.Random("beta", [3], 3)]);

    /// <summary>
    /// The Huber loss (Abs, Min against δ, arithmetic) against zero targets, on predictions 0.05 apart from −0.6 to 0.55 so
    /// both pieces are used; δ = 0.525 keeps every ±1e-2 step on one side of the switch (the loss is smooth at 0).
    /// </summary>
    [Fact]
    public void Huber_loss_over_both_pieces() => GradCheck.Check((b, v) => new Huber(0.525f).Build(b, v[0], v[1]),
        [Arg.Distinct("p", [4, 6], 1), new Arg("y", [4, 6], new double[24], Differentiate: false)], ElementType.Float);

    /// <summary>A miniature of the seed CNN: Conv → Relu → MaxPool → Flatten → Gemm → Sigmoid → Gemm → log-softmax cross-entropy.</summary>
    [Fact]
    public void Small_cnn_with_cross_entropy() => GradCheck.Check((b, v) =>
    {
        var (x, k, kb, w1, b1, w2, b2) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        var conv = b.Relu(b.Conv(x, k, kb, ConvAttrs.Default2D(3, 3)));
        var pooled = b.MaxPool(conv, new PoolAttrs([2, 2], [2, 2], [0, 0, 0, 0]));
        var hidden = b.Sigmoid(b.Gemm(b.Flatten(pooled), w1, b1));
        var logProbs = b.LogSoftmax(b.Gemm(hidden, w2, b2, transB: true));
        var target = b.Constant(Tensor.FromInt64s("target", [2, 1], [1, 0]));
        return b.Neg(b.ReduceMean(b.GatherElements(logProbs, target, 1), keepDims: false));
    },
    [
        Arg.Distinct("x", [2, 1, 6, 6], 1) with { Differentiate = false }, Arg.Random("k", [2, 1, 3, 3], 2), Arg.Random("kb", [2], 3),
        Arg.Random("w1", [8, 4], 4), Arg.Random("b1", [4], 5), Arg.Random("w2", [3, 4], 6), Arg.Random("b2", [3], 7),
    ], ElementType.Float);
}
