using System.Runtime.InteropServices;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Tests.Autodiff;
using Onnxdl.Graph.Tests.Support;

namespace Onnxdl.Graph.Tests.Artifacts;

/// <summary>
/// The session-time NCHWc lowering must compute what the plain ONNX convolutions compute — forward, fused Relu and the
/// gradients' convolutions, checked against ONNX Runtime's own NCHW kernels on the original graph — and touch only the
/// convolutions its blocked kernel takes.
/// </summary>
public class NchwcConvolutionsTests
{
    private const int Batch = 2, Size = 7, Strided = 4; // a 3×3 kernel dilated by 2, stride 2, pads 2 over 7×7

    [Fact]
    public void ONNX_Runtime_reports_MLAS_block_on_x64()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return; // MLAS's block differs by architecture
        Assert.Contains(BlockSize(), new[] { 8, 16 });
    }

    [Fact]
    public void Rewritten_step_computes_the_same_outputs_and_gradients()
    {
        var block = BlockSize();
        Assert.True(block >= 8, $"this ONNX Runtime has no NCHWc convolution (block {block})");
        var original = Step(block);
        var rewritten = NchwcConvolutions.Lower(original, block)!;
        // Forward: conv+relu, depthwise, conv and the strided dilated conv; backward: the input gradients of the depthwise
        // and the doubling conv (the first's input is data; a strided conv's is a ConvTranspose), and, where the depthwise
        // layer's channels are 16 (AVX-512's block), its weight gradient: one depthwise Conv over the stacked batch whose
        // kernel is known only at run time, and two over the rows where a sample meets its neighbours ("same" padding, stride
        // 1). The other weight gradients' one-hot grouped Convs stay.
        Assert.Equal(block == 16 ? 9 : 6, BlockedConvs(rewritten));
        Assert.DoesNotContain(rewritten.Graph.Nodes, n => n is { OpType: "Conv", Domain: "" } && n.Int("group", 1) == 1);
        Assert.Equal(0, BlockedConvs(original));
        Assert.DoesNotContain(original.Opsets, o => o.Domain == NchwcConvolutions.Domain);

        var inputs = Inputs(block);
        string[] outputs = ["y", "dw1", "dwd", "dw2", "dw3", "db1"];
        using var reference = new Ort(original);
        using var blocked = new Ort(rewritten);
        var expected = reference.Run(inputs, outputs);
        var actual = blocked.Run(inputs, outputs);
        for (var o = 0; o < outputs.Length; o++)
        {
            Assert.Equal(expected[o].Shape, actual[o].Shape);
            for (var i = 0; i < expected[o].Values.Length; i++)
            {
                var (e, a) = (expected[o].Values[i], actual[o].Values[i]);
                Assert.True(Math.Abs(e - a) <= 1e-4 * (1 + Math.Abs(e)), $"{outputs[o]}[{i}]: {a} vs {e}");
            }
        }
    }

    [Fact]
    public void Only_layers_the_blocked_kernel_takes_and_that_gain_from_it_change()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 16, Size, Size));
        var aligned = b.Input("aligned", TensorType.Float(16, 16, 3, 3));
        var depthwise = b.Input("depthwise", TensorType.Float(16, 1, 3, 3));
        var narrow = b.Input("narrow", TensorType.Float(8, 16, 3, 3));
        var grouped = b.Input("grouped", TensorType.Float(16, 8, 3, 3));
        var pointwise = b.Input("pointwise", TensorType.Float(16, 16, 1, 1));
        var constant = b.Constant(Tensor.FromFloats("constant", [16, 16, 3, 3], new float[16 * 16 * 9]));
        var same = new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1]);
        var type = TensorType.Float(Dim.Batch, 16, Size, Size);
        b.Output(b.Relu(b.Conv(x, aligned, Var.None, same)), type, "a");
        b.Output(b.Conv(x, depthwise, Var.None, same with { Group = 16 }), type, "d");
        b.Output(b.Conv(x, narrow, Var.None, same), TensorType.Float(Dim.Batch, 8, Size, Size), "n");
        b.Output(b.Conv(x, grouped, Var.None, same with { Group = 2 }), type, "g");
        b.Output(b.Conv(x, pointwise, Var.None, new ConvAttrs([1, 1], [1, 1], [0, 0, 0, 0], [1, 1])), type, "p");
        b.Output(b.Conv(x, constant, Var.None, same), type, "c");
        var model = NchwcConvolutions.Lower(new OnnxModel(b.Graph), 16)!;

        Assert.Equal(2, BlockedConvs(model));

        var blocked = model.Graph.Nodes.Where(n => n.Domain == NchwcConvolutions.Domain).ToList();
        // The depthwise kernel's blocked layout is ReorderInput's (the second one of its four nodes).
        Assert.Equal(["ReorderInput", "Conv", "ReorderOutput", "ReorderInput", "ReorderInput", "Conv", "ReorderOutput"], blocked.Select(n => n.OpType));
        Assert.Equal("Relu", blocked[1].String("activation", ""));
        Assert.Equal("a", blocked[2].Outputs[0]);
        Assert.Equal(16, blocked[5].Int("group", 1));
        Assert.Equal("d", blocked[6].Outputs[0]);
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Relu");
        Assert.Equal(["n", "g", "p", "c"], model.Graph.Nodes.Where(n => n is { OpType: "Conv", Domain: "" }).Select(n => n.Outputs[0]));
        Assert.Contains(model.Opsets, o => o.Domain == NchwcConvolutions.Domain);
    }

    /// <summary>
    /// A depthwise layer's CPU weight gradient over 16 channels (whole blocks on every x64 CPU) is one depthwise Conv over the
    /// stacked batch whose kernel size is known only at run time, its stride a dilation: lowered, it computes what ONNX
    /// Runtime's plain kernel computes.
    /// </summary>
    [Fact]
    public void A_stacked_depthwise_weight_gradient_runs_blocked_with_its_run_time_kernel()
    {
        var block = BlockSize();
        var b = new GraphBuilder("depthwise");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 16, 9, 8));
        var w = b.Input("w", TensorType.Float(16, 1, 3, 3));
        var r = b.Input("r", TensorType.Float(Dim.Batch, 16, 5, 4));
        var y = b.Conv(x, w, Var.None, new ConvAttrs([3, 3], [2, 2], [1, 0, 1, 1], [1, 1], 16));
        var grads = Gradients.Build(b, b.ReduceSum(b.Mul(y, r), keepDims: false), ["w"], new GradientOptions(BatchSize: 3));
        b.Output(grads["w"], TensorType.Float(16, 1, 3, 3), "dw");
        var original = new OnnxModel(b.Graph);
        var rewritten = NchwcConvolutions.Lower(original, block)!;
        var stacked = rewritten.Graph.Nodes.Single(n => n is { OpType: "Conv", Domain: NchwcConvolutions.Domain } && n.Attribute("kernel_shape") is null);
        Assert.Equal([2L, 2L], stacked.Attribute("dilations")!.Ints);

        (string, long[], double[])[] inputs = [("x", [3, 16, 9, 8], Arg.Rand(3 * 16 * 72, 1)), ("w", [16, 1, 3, 3], Arg.Rand(144, 2)),
            ("r", [3, 16, 5, 4], Arg.Rand(3 * 16 * 20, 3))];
        using var reference = new Ort(original);
        using var blocked = new Ort(rewritten);
        var (expected, actual) = (reference.Run(inputs, "dw")[0].Values, blocked.Run(inputs, "dw")[0].Values);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"dw[{i}]: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void A_convolution_output_read_beside_its_relu_keeps_the_relu_apart()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 8, Size, Size));
        var w = b.Input("w", TensorType.Float(8, 8, 3, 3));
        var conv = b.Conv(x, w, Var.None, new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1]));
        b.Output(b.Relu(conv), TensorType.Float(Dim.Batch, 8, Size, Size), "r");
        b.Output(conv, TensorType.Float(Dim.Batch, 8, Size, Size), "c");
        var model = NchwcConvolutions.Lower(new OnnxModel(b.Graph), 8)!;

        Assert.Equal(1, BlockedConvs(model));

        Assert.Single(model.Graph.Nodes, n => n.OpType == "Relu");
        Assert.Equal("", model.Graph.Nodes.Single(n => n is { OpType: "Conv", Domain: NchwcConvolutions.Domain }).String("activation", ""));
    }

    [Fact]
    public void A_model_without_eligible_convolutions_is_not_copied()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 3, Size, Size));
        var w = b.Input("w", TensorType.Float(16, 3, 3, 3));
        b.Output(b.Conv(x, w, Var.None, new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1])), TensorType.Float(Dim.Batch, 16, Size, Size), "y");

        Assert.Null(NchwcConvolutions.Lower(new OnnxModel(b.Graph), 16));
    }

    /// <summary>
    /// 3×3 convolutions over one block of channels: one with a bias and a Relu, then a depthwise one and one that doubles
    /// the channels (same-padded), and beside them a strided, dilated one; a loss reading both outputs, and the gradients
    /// of every kernel and the bias.
    /// </summary>
    private static OnnxModel Step(int block)
    {
        var b = new GraphBuilder("step");
        var x = b.Input("x", TensorType.Float(Dim.Batch, block, Size, Size));
        var w1 = b.Input("w1", TensorType.Float(block, block, 3, 3));
        var b1 = b.Input("b1", TensorType.Float(block));
        var wd = b.Input("wd", TensorType.Float(block, 1, 3, 3));
        var w2 = b.Input("w2", TensorType.Float(2 * block, block, 3, 3));
        var w3 = b.Input("w3", TensorType.Float(block, block, 3, 3));
        var r = b.Input("r", TensorType.Float(Dim.Batch, 2 * block, Size, Size));
        var r3 = b.Input("r3", TensorType.Float(Dim.Batch, block, Strided, Strided));
        var same = new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1]);
        var hidden = b.Relu(b.Conv(x, w1, b1, same));
        var y = b.Conv(b.Conv(hidden, wd, Var.None, same with { Group = block }), w2, Var.None, same);
        var z = b.Conv(hidden, w3, Var.None, new ConvAttrs([3, 3], [2, 2], [2, 2, 2, 2], [2, 2]));
        var loss = b.Add(b.ReduceSum(b.Mul(y, r), keepDims: false), b.ReduceSum(b.Mul(z, r3), keepDims: false));
        var grads = Gradients.Build(b, loss, ["w1", "wd", "w2", "w3", "b1"], new GradientOptions(BatchSize: Batch));
        b.Output(y, TensorType.Float(Dim.Batch, 2 * block, Size, Size), "y");
        b.Output(grads["w1"], TensorType.Float(block, block, 3, 3), "dw1");
        b.Output(grads["wd"], TensorType.Float(block, 1, 3, 3), "dwd");
        b.Output(grads["w2"], TensorType.Float(2 * block, block, 3, 3), "dw2");
        b.Output(grads["w3"], TensorType.Float(block, block, 3, 3), "dw3");
        b.Output(grads["b1"], TensorType.Float(block), "db1");
        return new OnnxModel(b.Graph);
    }

    private static (string, long[], double[])[] Inputs(int block) =>
    [
        ("x", [Batch, block, Size, Size], Arg.Rand(Batch * block * Size * Size, 1)),
        ("w1", [block, block, 3, 3], Arg.Rand(block * block * 9, 2, -0.3, 0.3)),
        ("b1", [block], Arg.Rand(block, 3)),
        ("wd", [block, 1, 3, 3], Arg.Rand(block * 9, 6, -0.5, 0.5)),
        ("w2", [2 * block, block, 3, 3], Arg.Rand(2 * block * block * 9, 4, -0.3, 0.3)),
        ("r", [Batch, 2 * block, Size, Size], Arg.Rand(Batch * 2 * block * Size * Size, 5)),
        ("w3", [block, block, 3, 3], Arg.Rand(block * block * 9, 7, -0.3, 0.3)),
        ("r3", [Batch, block, Strided, Strided], Arg.Rand(Batch * block * Strided * Strided, 8)),
    ];

    private static int BlockedConvs(OnnxModel model) => model.Graph.Nodes.Count(n => n is { OpType: "Conv", Domain: NchwcConvolutions.Domain });

    /// <summary>This ONNX Runtime's NCHWc block, from <see cref="NchwcConvolutions.BlockSizeProbe"/>.</summary>
    private static int BlockSize()
    {
        using var ort = new Ort(NchwcConvolutions.BlockSizeProbe());
        return (int)ort.Run([("x", [1, 4, 1, 1], new double[4])], "y")[0].Shape[1];
    }
}
