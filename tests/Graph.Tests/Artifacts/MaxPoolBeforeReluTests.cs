using Onnx.Graph.Artifacts;
using Onnx.Graph.Autodiff;
using Onnx.Graph.Tests.Autodiff;

namespace Onnx.Graph.Tests.Artifacts;

/// <summary>
/// The training-step rewrite MaxPool(Relu(x)) → Relu(MaxPool(x)) must change nothing a step computes: the
/// pooled values and every gradient match the original graph's on real images, whose blank backgrounds tie
/// whole windows (at zero after Relu, and at the bias before it).
/// </summary>
public class MaxPoolBeforeReluTests
{
    private const int N = 2, Size = 28, Filters = 4, Pooled = 13;

    [Theory]
    [InlineData(GradientTarget.Cpu)]
    [InlineData(GradientTarget.Cuda)]
    public void Rewritten_step_computes_the_same_values_and_gradients(GradientTarget target)
    {
        var inputs = Inputs();
        var original = Run(Step(rewrite: false, target), inputs);
        var rewritten = Run(Step(rewrite: true, target), inputs);

        Assert.Contains(original["pooled"], v => v == 0);
        foreach (var (name, expected) in original)
        {
            var actual = rewritten[name];
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

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

    private static readonly PoolAttrs Pool = new([2, 2], [2, 2], [0, 0, 0, 0]);

    /// <summary>Conv 3×3 → Relu → MaxPool 2×2 → Σ pooled·r, with gradients for the conv's weight and bias.</summary>
    private static OnnxModel Step(bool rewrite, GradientTarget target)
    {
        var b = new GraphBuilder("step");
        var x = b.Input("x", TensorType.Float(N, 1, Size, Size));
        var w = b.Input("w", TensorType.Float(Filters, 1, 3, 3));
        var bias = b.Input("bias", TensorType.Float(Filters));
        var r = b.Input("r", TensorType.Float(N, Filters, Pooled, Pooled));
        var pooled = b.Output(b.MaxPool(b.Relu(b.Conv(x, w, bias, ConvAttrs.Default2D(3, 3))), Pool), TensorType.Float(N, Filters, Pooled, Pooled), "pooled");
        if (rewrite) Assert.Equal(1, MaxPoolBeforeRelu.Apply(b.Graph));
        var loss = b.ReduceSum(b.Mul(pooled, r), keepDims: false);
        var grads = Gradients.Build(b, loss, ["w", "bias"], new GradientOptions(Target: target));
        b.Output(grads["w"], TensorType.Float(Filters, 1, 3, 3), "dw");
        b.Output(grads["bias"], TensorType.Float(Filters), "dbias");
        return new OnnxModel(b.Graph);
    }

    /// <summary>Two Fashion-MNIST images; biases of both signs, so some filters' blank windows tie above zero and some at zero.</summary>
    private static (string, long[], double[])[] Inputs() =>
    [
        ("x", [N, 1, Size, Size], MaxPoolTiesTests.ReadImages(N, Size)),
        ("w", [Filters, 1, 3, 3], Arg.Rand(Filters * 9, 3)),
        ("bias", [Filters], [0.3, -0.2, 0.05, -0.6]),
        ("r", [N, Filters, Pooled, Pooled], Arg.Rand(N * Filters * Pooled * Pooled, 5)),
    ];

    private static Dictionary<string, double[]> Run(OnnxModel model, (string, long[], double[])[] inputs)
    {
        string[] outputs = ["pooled", "dw", "dbias"];
        using var ort = new Ort(model, ElementType.Float);
        var results = ort.Run(inputs, outputs);
        return outputs.Select((name, i) => (name, results[i].Values)).ToDictionary();
    }
}
