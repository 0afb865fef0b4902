using Onnxdl.Graph.Tests.Support;
using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>The walk itself: errors, fan-out, stop-gradient, rewritten forward nodes, imported graphs.</summary>
public class CoreGradientTests
{
    private static readonly TensorType Vec3 = TensorType.Float(3);

    [Fact]
    public void Missing_rule_names_the_op_and_node()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", Vec3);
        Var loss;
        using (b.BeginScope("dense_1")) loss = b.ReduceSum(b.Op("Erf", [x]), keepDims: false);
        var e = Assert.Throws<NotSupportedException>(() => Gradients.Build(b, loss, ["x"]));
        Assert.Contains("op 'Erf' (node 'dense_1/Erf')", e.Message);
        Assert.Contains("rules exist for: ", e.Message);
        Assert.Contains("Relu", e.Message);
    }

    [Fact]
    public void Unused_value_is_named_and_allowed_as_zeros()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", Vec3);
        b.Input("unused_w", Vec3);
        var loss = b.ReduceSum(x, keepDims: false);
        var e = Assert.Throws<ArgumentException>(() => Gradients.Build(b, loss, ["x", "unused_w"]));
        Assert.Contains("'unused_w'", e.Message);
        Assert.DoesNotContain("'x'", e.Message);

        var grads = Gradients.Build(b, loss, ["x", "unused_w"], new GradientOptions(AllowUnused: true));
        var outputs = Run(b, grads["unused_w"], [1, 2, 3], ("unused_w", [5, 5, 5]));
        Assert.Equal([0f, 0f, 0f], outputs);
    }

    /// <summary>
    /// Conv and Gemm emit each product under its own sub-scope of the node's gradient scope, which is how the bench's profile
    /// times input and weight gradients apart: the node that produces each gradient lives there.
    /// </summary>
    [Fact]
    public void Conv_and_gemm_products_are_named_under_their_own_scopes()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 2, 6, 6));
        var w = b.Input("w", TensorType.Float(3, 2, 3, 3));
        var v = b.Input("v", TensorType.Float(3 * 4 * 4, 5));
        Var loss;
        using (b.BeginScope("conv")) loss = b.Conv(x, w, Var.None, ConvAttrs.Default2D(3, 3));
        using (b.BeginScope("dense")) loss = b.Gemm(b.Flatten(loss), v, Var.None);
        loss = b.ReduceSum(loss, keepDims: false);
        var grads = Gradients.Build(b, loss, ["x", "w", "v"]);

        void AssertProducedUnder(string value, string scope)
        {
            var producer = b.Graph.Nodes.Single(n => n.Outputs.Contains(grads[value].Name));
            Assert.StartsWith($"grad/{scope}/", producer.Name);
        }
        AssertProducedUnder("x", $"conv/Conv/{Gradients.InputGradientScope}");
        AssertProducedUnder("w", $"conv/Conv/{Gradients.WeightGradientScope}");
        AssertProducedUnder("v", $"dense/Gemm/{Gradients.WeightGradientScope}");
        Assert.Contains(b.Graph.Nodes, n => n.Name.StartsWith($"grad/dense/Gemm/{Gradients.InputGradientScope}/"));
    }

    [Fact]
    public void Fan_out_sums_every_use() =>
        // f = x·x + 3x uses x three times: df/dx = 2x + 3.
        Assert.Equal([5f, 1f, 9f], Run(new GraphBuilder("g"), (b, x) => b.Add(b.Mul(x, x), b.Mul(x, b.Constant(3f))), [1, -1, 3]));

    [Fact]
    public void Stop_gradient_treats_a_value_as_constant()
    {
        // f = Σ x·s with s = x·x stopped: df/dx = s = x², not 3x².
        var b = new GraphBuilder("g");
        var x = b.Input("x", Vec3);
        var s = b.Mul(x, x);
        var loss = b.ReduceSum(b.Mul(x, s), keepDims: false);
        var grads = Gradients.Build(b, loss, ["x"], new GradientOptions(StopGradient: new HashSet<string> { s.Name }));
        Assert.Equal([1f, 4f, 9f], Run(b, grads["x"], [1, 2, 3]));
    }

    [Fact]
    public void No_gradient_flows_through_integer_or_comparison_values()
    {
        // f = Σ x · Cast(Shape(x)) + Σ Cast(x > 0): only the first term depends on x differentiably.
        var b = new GraphBuilder("g");
        var x = b.Input("x", Vec3);
        var size = b.Cast(b.Shape(x), ElementType.Float);
        var loss = b.Add(b.ReduceSum(b.Mul(x, size), keepDims: false),
            b.ReduceSum(b.Cast(b.Greater(x, b.Constant(0f)), ElementType.Float), keepDims: false));
        Assert.Equal([3f, 3f, 3f], Run(b, Gradients.Build(b, loss, ["x"])["x"], [1, -2, 3]));
    }

    [Fact]
    public void Dropout_training_gradient_is_upstream_times_mask_over_keep_rate()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(64));
        var ratio = b.Constant(0.25f);
        var training = b.Constant(Tensor.FromBools("training", [], [true]));
        var y = b.Node("Dropout", [x, ratio, training], 1, Attr.Int("seed", 7))[0]; // mask not requested: autodiff adds it
        var upstream = Arg.Rand(64, 3);
        var r = b.Constant(Tensor.FromFloats("r", [64], Array.ConvertAll(upstream, v => (float)v)));
        var loss = b.ReduceSum(b.Mul(y, r), keepDims: false);
        var grad = Gradients.Build(b, loss, ["x"])["x"];
        var dropout = b.Graph.Nodes.Single(n => n.OpType == "Dropout");
        Assert.Equal(2, dropout.Outputs.Count);
        b.Output(new Var(dropout.Outputs[1]), TensorType.Float(64) with { ElementType = ElementType.Bool });
        b.Output(grad, TensorType.Float(64));
        using var ort = new Ort(new OnnxModel(b.Graph));
        var result = ort.Run([("x", [64], Arg.Rand(64, 1))], dropout.Outputs[1], grad.Name);
        var mask = result[0].Values;
        Assert.Contains(0.0, mask);
        Assert.Contains(1.0, mask);
        for (var i = 0; i < 64; i++) Assert.Equal(upstream[i] * mask[i] / 0.75, result[1].Values[i], 1e-5);
    }

    [Fact]
    public void Gradient_of_an_imported_model()
    {
        var b = new GraphBuilder("mlp");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 4));
        var w = b.Initializer(Tensor.FromFloats("dense.kernel", [4, 2], Array.ConvertAll(Arg.Rand(8, 5), v => (float)v)));
        var bias = b.Initializer(Tensor.FromFloats("dense.bias", [2], [0.1f, -0.2f]));
        b.Output(b.Sigmoid(b.Add(b.MatMul(x, w), bias)), TensorType.Float(Dim.Batch, 2), "y");
        var imported = ModelSerializer.Parse(ModelSerializer.ToBytes(new OnnxModel(b.Graph)));

        var t = new GraphBuilder(imported.Graph);
        var loss = t.ReduceSum(new Var("y"), keepDims: false);
        var grads = Gradients.Build(t, loss, ["dense.kernel", "dense.bias"]);
        t.Output(grads["dense.bias"], TensorType.Float(2), "grad_bias");
        using var ort = new Ort(new OnnxModel(t.Graph));
        var xs = Arg.Rand(12, 9);
        var db = ort.Run([("x", [3, 4], xs)], "grad_bias")[0].Values;

        // Reference: Σ_n σ'(z) for each output unit, computed here.
        var wv = imported.Graph.RequireInitializer("dense.kernel").ToFloats();
        var expected = new double[2];
        for (var n = 0; n < 3; n++)
            for (var j = 0; j < 2; j++)
            {
                var z = (j == 0 ? 0.1 : -0.2) + Enumerable.Range(0, 4).Sum(k => xs[n * 4 + k] * wv[k * 2 + j]);
                var s = 1 / (1 + Math.Exp(-z));
                expected[j] += s * (1 - s);
            }
        Assert.Equal(expected[0], db[0], 1e-5);
        Assert.Equal(expected[1], db[1], 1e-5);
    }

    private static float[] Run(GraphBuilder b, Func<GraphBuilder, Var, Var> f, float[] x)
    {
        var input = b.Input("x", Vec3);
        var loss = b.ReduceSum(f(b, input), keepDims: false);
        return Run(b, Gradients.Build(b, loss, ["x"])["x"], x);
    }

    private static float[] Run(GraphBuilder b, Var grad, float[] x, params (string Name, double[] Values)[] extra)
    {
        b.Output(grad, Vec3, "grad");
        using var ort = new Ort(new OnnxModel(b.Graph));
        var feeds = extra.Select(e => (e.Name, new long[] { 3 }, e.Values)).Prepend(("x", [3], Array.ConvertAll(x, v => (double)v))).ToList();
        return Array.ConvertAll(ort.Run(feeds, "grad")[0].Values, v => (float)v);
    }
}
