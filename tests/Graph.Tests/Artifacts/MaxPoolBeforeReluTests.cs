using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Artifacts;

/// <summary>
/// The training-step rewrite MaxPool(Relu(x)) → Relu(MaxPool(x)) must change nothing a step computes: the
/// pooled values and every gradient match the original graph's on real images, whose blank backgrounds tie
/// whole windows (at zero after Relu, and at the bias before it).
/// </summary>
public class MaxPoolBeforeReluTests
{
    private const int Filters = ConvPoolStep.Filters;

    [Theory]
    [InlineData(GradientTarget.Cpu)]
    [InlineData(GradientTarget.Cuda)]
    public void Rewritten_step_computes_the_same_values_and_gradients(GradientTarget target) =>
        new ConvPoolStep().AssertSameAs(target, graph => Assert.Equal(1, MaxPoolBeforeRelu.Apply(graph)), tolerance: 1e-6);

    [Fact]
    public void The_pool_moves_before_the_relu_and_the_relu_runs_on_the_pooled_values()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, Filters, 4, 4));
        b.Output(b.MaxPool(b.Relu(x), Pool), TensorType.Float(Dim.Batch, Filters, 2, 2), "y");

        Assert.Equal(1, MaxPoolBeforeRelu.Apply(b.Graph));
        Assert.Equal(["MaxPool", "Relu"], b.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal("x", b.Graph.Nodes[0].Inputs[0]);
        Assert.Equal(b.Graph.Nodes[0].Outputs[0], b.Graph.Nodes[1].Inputs[0]);
        Assert.Equal("y", b.Graph.Nodes[1].Outputs[0]);
    }

    [Fact]
    public void A_relu_output_used_elsewhere_stays_where_it_is()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, Filters, 4, 4));
        var relu = b.Relu(x);
        b.Output(b.MaxPool(relu, Pool), TensorType.Float(Dim.Batch, Filters, 2, 2), "y");
        b.Output(relu, TensorType.Float(Dim.Batch, Filters, 4, 4), "activations");

        Assert.Equal(0, MaxPoolBeforeRelu.Apply(b.Graph));
        Assert.Equal(["Relu", "MaxPool"], b.Graph.Nodes.Select(n => n.OpType));
    }

    private static readonly PoolAttrs Pool = ConvPoolStep.Pool(2);
}
