using Onnx.Graph.Artifacts;
using Onnx.Graph.Autodiff;
using Onnx.Graph.Tests.Autodiff;

namespace Onnx.Graph.Tests.Artifacts;

/// <summary>
/// The training-step rewrite Conv → MaxPool ⇒ shifted strided Convs and a Max fold must change nothing a step
/// computes: the pooled values and the conv's gradients match the original graph's (MaxPool's own gradient
/// rule) on real images, whose blank backgrounds tie whole windows at the bias.
/// </summary>
public class PoolingByShiftedConvTests
{
    private const int N = 2, Size = 28, Filters = 4;

    [Theory]
    [InlineData(3, 0, 2, GradientTarget.Cpu)]
    [InlineData(3, 0, 2, GradientTarget.Cuda)]
    [InlineData(3, 1, 2, GradientTarget.Cpu)]
    [InlineData(2, 0, 3, GradientTarget.Cpu)]
    public void Rewritten_step_computes_the_same_values_and_gradients(long kernel, long pad, long window, GradientTarget target)
    {
        var shape = new Shape(kernel, pad, window);
        var inputs = Inputs(shape);
        var original = Run(Step(shape, rewrite: false, target), inputs);
        var rewritten = Run(Step(shape, rewrite: true, target), inputs);

        Assert.Contains(original["pooled"], v => v == 0); // windows tied at zero after the Relu
        foreach (var (name, expected) in original)
        {
            var actual = rewritten[name];
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

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

    private sealed record Shape(long Kernel, long Pad, long Window)
    {
        public long Pooled => (Size + 2 * Pad - Kernel + 1) / Window;
    }

    private static PoolAttrs Pool(long window) => new([window, window], [window, window], [0, 0, 0, 0]);

    /// <summary>Conv → Relu → MaxPool → Σ pooled·r, with gradients for the conv's weight and bias; rewritten as train_step is.</summary>
    private static OnnxModel Step(Shape s, bool rewrite, GradientTarget target)
    {
        var b = new GraphBuilder("step");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 1, Size, Size));
        var w = b.Input("w", TensorType.Float(Filters, 1, s.Kernel, s.Kernel));
        var bias = b.Input("bias", TensorType.Float(Filters));
        var r = b.Input("r", TensorType.Float(Dim.Batch, Filters, s.Pooled, s.Pooled));
        var conv = new ConvAttrs([s.Kernel, s.Kernel], [1, 1], [s.Pad, s.Pad, s.Pad, s.Pad], [1, 1]);
        var pooledType = TensorType.Float(Dim.Batch, Filters, s.Pooled, s.Pooled);
        var pooled = b.Output(b.MaxPool(b.Relu(b.Conv(x, w, bias, conv)), Pool(s.Window)), pooledType, "pooled");
        if (rewrite)
        {
            Assert.Equal(1, MaxPoolBeforeRelu.Apply(b.Graph));
            Assert.Equal(1, PoolingByShiftedConv.Apply(b.Graph, ["w", "bias"]));
        }
        var loss = b.ReduceSum(b.Mul(pooled, r), keepDims: false);
        var grads = Gradients.Build(b, loss, ["w", "bias"], new GradientOptions(Target: target));
        b.Output(grads["w"], TensorType.Float(Filters, 1, s.Kernel, s.Kernel), "dw");
        b.Output(grads["bias"], TensorType.Float(Filters), "dbias");
        return new OnnxModel(b.Graph);
    }

    /// <summary>Two Fashion-MNIST images; biases of both signs, so some filters' blank windows tie above zero and some at zero.</summary>
    private static (string, long[], double[])[] Inputs(Shape s) =>
    [
        ("x", [N, 1, Size, Size], MaxPoolTiesTests.ReadImages(N, Size)),
        ("w", [Filters, 1, s.Kernel, s.Kernel], Arg.Rand(Filters * s.Kernel * s.Kernel, 3)),
        ("bias", [Filters], [0.3, -0.2, 0.05, -0.6]),
        ("r", [N, Filters, s.Pooled, s.Pooled], Arg.Rand(N * Filters * s.Pooled * s.Pooled, 5)),
    ];

    private static Dictionary<string, double[]> Run(OnnxModel model, (string, long[], double[])[] inputs)
    {
        string[] outputs = ["pooled", "dw", "dbias"];
        using var ort = new Ort(model, ElementType.Float);
        var results = ort.Run(inputs, outputs);
        return outputs.Select((name, i) => (name, results[i].Values)).ToDictionary();
    }
}
