using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Reference;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Layers;

/// <summary>Each layer's exported graph, run by ONNX Runtime, against a naive loop implementation.</summary>
public class LayerForwardTests
{
    private const int Batch = 2;

    /// <summary>Builds a one-layer model on an (H, W, C) input, randomizes every parameter and returns it exported.</summary>
    private static (Sequential Model, Nchw X, float[] Y) RunImage(Layer layer, int h, int w, int c, int seed = 1)
    {
        var model = new Sequential("one", Input(h, w, c), layer).Build(seed);
        Randomize(model, seed);
        var x = new Nchw(Batch, c, h, w, Data.Uniform(Batch * c * h * w, seed + 100));
        return (model, x, Ort.Run(model.ToOnnx(), x.Data, x.Dims));
    }

    /// <summary>Random values for every parameter (variances positive), so biases and BN statistics matter.</summary>
    private static void Randomize(Sequential model, int seed) =>
        model.SetParameters(model.ParameterInfos.Select((p, i) =>
                Data.Tensor(p.Name, p.Shape, seed * 31 + i, p.Name.EndsWith("variance") ? 0.5f : -1, p.Name.EndsWith("variance") ? 2f : 1))
            .ToDictionary(t => t.Name));

    private static float[] Param(Sequential model, string name) => model.Parameters[name].ToFloats();

    [Theory]
    [InlineData(3, 3, 1, 1, 1, 1, "valid", 7, 7)]
    [InlineData(3, 3, 1, 1, 1, 1, "same", 7, 7)]
    [InlineData(3, 3, 2, 2, 1, 1, "same", 7, 8)]
    [InlineData(3, 2, 2, 1, 1, 1, "valid", 8, 7)]
    [InlineData(4, 4, 3, 3, 1, 1, "same", 10, 9)]
    [InlineData(3, 3, 1, 1, 2, 2, "valid", 9, 9)]
    [InlineData(3, 3, 1, 1, 2, 3, "same", 8, 9)]
    [InlineData(1, 1, 2, 2, 1, 1, "valid", 5, 5)]
    public void Conv2D_matches_naive_convolution(int kh, int kw, int sh, int sw, int dh, int dw, string padding, int h, int w)
    {
        var (model, x, y) = RunImage(Conv2D(4, (kh, kw), strides: (sh, sw), padding: padding, dilationRate: (dh, dw), name: "conv"), h, w, 3);
        var expected = NaiveConv2D.Run(x, Param(model, "conv.kernel"), 4, kh, kw, Param(model, "conv.bias"), (sh, sw), (dh, dw), padding == "same");
        Assert.Equal([4, expected.H, expected.W], model.OutputShape);
        Data.AssertClose(expected.Data, y);
    }

    [Theory]
    [InlineData(2, 1, "valid")]
    [InlineData(3, 2, "same")]
    public void Grouped_Conv2D_matches_naive_convolution(int groups, int stride, string padding)
    {
        var (model, x, y) = RunImage(Conv2D(6, 3, strides: stride, padding: padding, name: "conv", groups: groups), 7, 6, 6);
        Assert.Equal([6, 6 / groups, 3, 3], model.Parameters["conv.kernel"].Dims);
        var expected = NaiveConv2D.Run(x, Param(model, "conv.kernel"), 6, 3, 3, Param(model, "conv.bias"), (stride, stride), (1, 1), padding == "same", groups);
        Data.AssertClose(expected.Data, y);
    }

    [Theory]
    [InlineData(1, 1, "same", 1)]
    [InlineData(2, 2, "same", 1)]
    [InlineData(3, 1, "valid", 2)]
    public void DepthwiseConv2D_matches_naive_convolution(int multiplier, int stride, string padding, int dilation)
    {
        var layer = DepthwiseConv2D(3, strides: stride, padding: padding, depthMultiplier: multiplier, dilationRate: dilation, name: "dw");
        var (model, x, y) = RunImage(layer, 8, 7, 3);
        Assert.Equal([3 * multiplier, 1, 3, 3], model.Parameters["dw.kernel"].Dims);
        var expected = NaiveConv2D.Run(x, Param(model, "dw.kernel"), 3 * multiplier, 3, 3, Param(model, "dw.bias"), (stride, stride),
            (dilation, dilation), padding == "same", groups: 3);
        Assert.Equal([3 * multiplier, expected.H, expected.W], model.OutputShape);
        Data.AssertClose(expected.Data, y);
    }

    [Fact]
    public void Conv2D_groups_must_divide_the_channels()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sequential("g", Input(5, 5, 4), Conv2D(6, 3, groups: 3, name: "conv")).Build(0));
        Assert.Contains("groups (3) must divide the input's 4 channels", error.Message);
        Assert.Contains("conv (Conv2D)", error.Message);
        Assert.Throws<ArgumentException>(() => Conv2D(5, 3, groups: 2));
    }

    [Fact]
    public void Conv2D_activation_and_no_bias_apply()
    {
        var (model, x, y) = RunImage(Conv2D(3, 3, activation: "relu", useBias: false), 6, 6, 2);
        var conv = NaiveConv2D.Run(x, Param(model, "conv2d_1.kernel"), 3, 3, 3, null, (1, 1), (1, 1), same: false);
        Assert.Single(model.ParameterInfos);
        Data.AssertClose(NaiveActivations.Elementwise("relu", conv.Data), y);
    }

    [Theory]
    [InlineData(2, 2, "valid", 6, 6)]
    [InlineData(2, 2, "valid", 7, 7)]
    [InlineData(2, 2, "same", 7, 5)]
    [InlineData(3, 2, "same", 7, 7)]
    [InlineData(3, 1, "valid", 6, 5)]
    public void MaxPooling2D_matches_naive_max(int pool, int stride, string padding, int h, int w)
    {
        var (model, x, y) = RunImage(MaxPooling2D(pool, stride, padding), h, w, 2);
        var expected = NaivePool2D.Max(x, (pool, pool), (stride, stride), padding == "same");
        Assert.Equal([2, expected.H, expected.W], model.OutputShape);
        Data.AssertClose(expected.Data, y);
    }

    [Theory]
    [InlineData(2, 2, "valid", 6, 6)]
    [InlineData(2, 2, "same", 7, 5)]
    [InlineData(3, 2, "same", 7, 7)]
    [InlineData(3, 3, "same", 8, 8)]
    public void AveragePooling2D_matches_naive_mean_of_real_pixels(int pool, int stride, string padding, int h, int w)
    {
        var (model, x, y) = RunImage(AveragePooling2D(pool, stride, padding), h, w, 2);
        var expected = NaivePool2D.Average(x, (pool, pool), (stride, stride), padding == "same");
        Assert.Equal([2, expected.H, expected.W], model.OutputShape);
        Data.AssertClose(expected.Data, y);
    }

    [Fact]
    public void MaxPooling2D_default_is_2x2_stride_2()
    {
        var (model, _, _) = RunImage(MaxPooling2D(), 28, 28, 3);
        Assert.Equal([3, 14, 14], model.OutputShape);
    }

    [Fact]
    public void GlobalAveragePooling2D_matches_naive_mean()
    {
        var (model, x, y) = RunImage(GlobalAveragePooling2D(), 5, 4, 3);
        Assert.Equal([3], model.OutputShape);
        Data.AssertClose(NaiveGlobalAveragePool.Run(x), y);
    }

    [Fact]
    public void Flatten_keeps_channel_height_width_order()
    {
        var (model, x, y) = RunImage(Flatten(), 3, 4, 2);
        Assert.Equal([24], model.OutputShape);
        Assert.Equal(x.Data, y); // NCHW is already C,H,W-major per sample
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softmax")]
    [InlineData("leaky_relu")]
    public void Dense_matches_naive_matmul_then_activation(string activation)
    {
        var model = new Sequential("d", Input(5), Dense(4, activation: activation)).Build(3);
        Randomize(model, 3);
        var x = Data.Uniform(Batch * 5, 9, -2, 2);
        var y = Ort.Run(model.ToOnnx(), x, [Batch, 5]);
        var z = NaiveDense.Run(x, Batch, 5, Param(model, "dense_1.kernel"), 4, Param(model, "dense_1.bias"));
        var expected = activation == "softmax" ? NaiveActivations.Softmax(z, Batch, 4, 1) : NaiveActivations.Elementwise(activation, z);
        Data.AssertClose(expected, y);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("leaky_relu")]
    public void Activation_layer_is_elementwise(string activation)
    {
        var (_, x, y) = RunImage(Activation(activation), 3, 3, 2);
        Data.AssertClose(NaiveActivations.Elementwise(activation, x.Data), y);
    }

    [Fact]
    public void Softmax_on_images_runs_over_channels_like_keras_last_axis()
    {
        var (_, x, y) = RunImage(Activation("softmax"), 3, 4, 5);
        Data.AssertClose(NaiveActivations.Softmax(x.Data, Batch, 5, 12), y);
    }

    [Fact]
    public void Dropout_is_identity_at_inference()
    {
        var (model, x, y) = RunImage(Dropout(0.5), 3, 3, 2);
        Assert.DoesNotContain(model.ToOnnx().Graph.Nodes, n => n.OpType == "Dropout");
        Assert.Equal(x.Data, y);
    }

    [Fact]
    public void BatchNormalization_inference_on_images_uses_moving_statistics()
    {
        var (model, x, y) = RunImage(BatchNormalization(name: "bn"), 4, 3, 3);
        var expected = NaiveBatchNorm.Normalize(x.Data, Batch, 3, 12, Param(model, "bn.gamma"), Param(model, "bn.beta"),
            [.. Param(model, "bn.moving_mean").Select(v => (double)v)], [.. Param(model, "bn.moving_variance").Select(v => (double)v)], 1e-3);
        Data.AssertClose(expected, y);
    }

    [Fact]
    public void BatchNormalization_inference_on_features()
    {
        var model = new Sequential("bn", Input(6), BatchNormalization(epsilon: 0.01, name: "bn")).Build(0);
        Randomize(model, 4);
        var x = Data.Uniform(3 * 6, 5);
        var y = Ort.Run(model.ToOnnx(), x, [3, 6]);
        var expected = NaiveBatchNorm.Normalize(x, 3, 6, 1, Param(model, "bn.gamma"), Param(model, "bn.beta"),
            [.. Param(model, "bn.moving_mean").Select(v => (double)v)], [.. Param(model, "bn.moving_variance").Select(v => (double)v)], 0.01);
        Data.AssertClose(expected, y);
    }
}
