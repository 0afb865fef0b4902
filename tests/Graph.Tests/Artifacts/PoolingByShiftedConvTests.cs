using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Artifacts;

/// <summary>
/// The training-step rewrite Conv → MaxPool ⇒ shifted strided Convs and a Max fold must change nothing a step
/// computes: the pooled values and the conv's gradients match the original graph's (MaxPool's own gradient
/// rule) on real images, whose blank backgrounds tie whole windows at the bias.
/// </summary>
public class PoolingByShiftedConvTests
{
    private const int Size = ConvPoolStep.Size, Filters = ConvPoolStep.Filters;

    [Theory]
    [InlineData(3, 0, 2, GradientTarget.Cpu)]
    [InlineData(3, 0, 2, GradientTarget.Cuda)]
    [InlineData(3, 1, 2, GradientTarget.Cpu)]
    [InlineData(2, 0, 3, GradientTarget.Cpu)]
    public void Rewritten_step_computes_the_same_values_and_gradients(long kernel, long pad, long window, GradientTarget target) =>
        new ConvPoolStep(kernel, pad, window).AssertSameAs(target, graph =>
        {
            Assert.Equal(1, MaxPoolBeforeRelu.Apply(graph));
            Assert.Equal(1, PoolingByShiftedConv.Apply(graph, ["w", "bias"]));
        }, tolerance: 1e-5);

    [Fact]
    public void Only_a_conv_on_the_data_is_rewritten_into_one_strided_conv_per_window_element()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 1, Size, Size));
        var first = b.MaxPool(b.Conv(x, b.Input("w1", TensorType.Float(Filters, 1, 3, 3)), Var.None, ConvAttrs.Default2D(3, 3)), Pool(2));
        var second = b.MaxPool(b.Conv(first, b.Input("w2", TensorType.Float(Filters, Filters, 3, 3)), Var.None, ConvAttrs.Default2D(3, 3)), Pool(1));
        b.Output(second, TensorType.Float(Dim.Batch, Filters, 11, 11), "y");

        Assert.Equal(1, PoolingByShiftedConv.Apply(b.Graph, ["w1", "w2"]));

        var convs = b.Graph.Nodes.Where(n => n.OpType == "Conv").ToList();
        Assert.Equal(4, convs.Count(n => n.Inputs[1] == "w1" && n.Ints("strides")!.SequenceEqual([2L, 2])));
        Assert.Single(convs, n => n.Inputs[1] == "w2");
        Assert.Single(b.Graph.Nodes, n => n.OpType == "MaxPool");
        Assert.Equal(3, b.Graph.Nodes.Count(n => n.OpType == "Max"));
    }

    [Fact]
    public void A_pool_that_does_not_tile_the_conv_output_is_left_alone()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 1, 27, 27));
        b.Output(b.MaxPool(b.Conv(x, b.Input("w", TensorType.Float(Filters, 1, 3, 3)), Var.None, ConvAttrs.Default2D(3, 3)), Pool(2)),
            TensorType.Float(Dim.Batch, Filters, 12, 12), "y");

        Assert.Equal(0, PoolingByShiftedConv.Apply(b.Graph, ["w"]));
        Assert.Equal(["Conv", "MaxPool"], b.Graph.Nodes.Select(n => n.OpType));
    }

    private static PoolAttrs Pool(long window) => ConvPoolStep.Pool(window);
}
