using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>
/// BatchNormalization fed its input's own batch statistics (the training form layers write): the closed-form gradient
/// against finite differences, that it is the one taken, and near misses that must take the general rules instead.
/// </summary>
public class BatchStatisticsGradientTests
{
    private static Arg A(string name, long[] shape, int seed, double lo = -1, double hi = 1) => Arg.Random(name, shape, seed, lo, hi);

    /// <summary>y = BN(x, γ, β, mean(x), mean((x − mean(x))²)) over every axis but 1, as <c>Layers.BatchNormalization</c> writes it.</summary>
    private static Var Normalize(GraphBuilder b, Var x, Var gamma, Var beta, int rank, Var? centeredFrom = null, Var? meanFor = null)
    {
        long[] axes = [0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i)];
        var mean = b.ReduceMean(x, axes, keepDims: false);
        var onChannels = rank == 2 ? meanFor ?? mean : b.Reshape(meanFor ?? mean, [-1, .. Enumerable.Repeat(1L, rank - 2)]);
        var centered = b.Sub(centeredFrom ?? x, onChannels);
        var variance = b.ReduceMean(b.Mul(centered, centered), axes, keepDims: false);
        return b.BatchNormalization(x, gamma, beta, mean, variance, 1e-3f, 0.9f);
    }

    private static Arg[] Args(long[] xShape) => [A("x", xShape, 1, -2, 3), A("gamma", [xShape[1]], 2, 0.5, 1.5), A("beta", [xShape[1]], 3)];

    [Theory]
    [InlineData(new long[] { 3, 2, 3, 2 }, 17)]
    [InlineData(new long[] { 3, 2, 3, 2 }, 18)] // ReduceMean's axes as an input
    [InlineData(new long[] { 5, 3 }, 17)]
    [InlineData(new long[] { 2, 2, 5 }, 17)]
    public void Batch_statistics_closed_form(long[] xShape, long opset) =>
        GradCheck.Check((b, v) => Normalize(b, v[0], v[1], v[2], xShape.Length), Args(xShape), opset: opset);

    /// <summary>The statistics' own nodes get no gradient nodes: the closed form already holds their paths.</summary>
    [Fact]
    public void Closed_form_is_taken_for_the_layers_statistics()
    {
        var b = new GraphBuilder("bn");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 2, 3, 3));
        var y = Normalize(b, x, b.Input("gamma", TensorType.Float(2)), b.Input("beta", TensorType.Float(2)), 4);
        var statistics = b.Graph.Nodes.Where(n => n.OpType is "ReduceMean" or "Sub" or "Mul").Select(n => n.Name).ToList();
        Assert.Equal(4, statistics.Count);
        Gradients.Build(b, b.ReduceSum(b.Mul(y, y), keepDims: false), ["x", "gamma", "beta"]);
        Assert.DoesNotContain(b.Graph.Nodes, n => statistics.Any(s => n.Name.StartsWith($"grad/{s}/", StringComparison.Ordinal)));
    }

    /// <summary>Statistics that are not exactly x's own (the variance of another tensor, or x centered by another mean) differentiate through their nodes.</summary>
    [Theory]
    [InlineData("variance of z")]
    [InlineData("x centered by mean(z)")]
    public void Near_misses_take_the_general_rules(string variant)
    {
        long[] shape = [3, 2, 2, 2];
        GradCheck.Check((b, v) => variant == "variance of z"
            ? Normalize(b, v[0], v[1], v[2], 4, centeredFrom: v[3])
            : Normalize(b, v[0], v[1], v[2], 4, meanFor: b.ReduceMean(v[3], [0, 2, 3], keepDims: false)),
            [.. Args(shape), A("z", shape, 4, -1, 2)]);
    }
}
