using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Layers;

/// <summary>Functional models: wiring, shapes and parameter counts from Keras' formulas, and merge layers run by ORT against naive loops.</summary>
public class FunctionalTests
{
    private const int Batch = 2;

    /// <summary>Keras' parameter formulas: Conv2D k·k·c_in·c_out (+ c_out bias), BatchNormalization 4·c (2·c trainable), Dense in·out + out.</summary>
    private static long ConvParams(int k, int cin, int cout, bool bias = false) => k * k * cin * cout + (bias ? cout : 0);
    private static long BnParams(int c) => 4 * c;
    private static long DenseParams(int inputs, int units) => inputs * units + units;

    [Fact]
    public void Resnet_small_summary_matches_keras_formulas()
    {
        var summary = ModelSpec.Load(Repo.Path("models/resnet_small.json")).Summarize();
        var rows = summary.Layers.ToDictionary(l => l.Name);

        // "same" padding keeps 28×28 at stride 1 and gives ceil(28 / 2) = 14 at stride 2.
        Assert.Equal([1, 28, 28], rows["input"].OutputShape);
        Assert.Equal([16, 28, 28], rows["block1_add"].OutputShape);
        Assert.Equal([32, 14, 14], rows["block2_conv1"].OutputShape);
        Assert.Equal([32, 14, 14], rows["block2_shortcut"].OutputShape);
        Assert.Equal([32], rows["pool"].OutputShape);
        Assert.Equal([10], rows["classifier"].OutputShape);
        Assert.Equal(ConvParams(1, 16, 32), rows["block2_shortcut"].Params);
        Assert.Equal(ConvParams(3, 16, 32), rows["block2_conv1"].Params);
        Assert.Equal(0, rows["block2_add"].Params);
        Assert.Equal(["block2_bn2[0][0]", "block2_shortcut_bn[0][0]"], rows["block2_add"].ConnectedTo);
        Assert.Equal(["block1_out[0][0]"], rows["block2_shortcut"].ConnectedTo);
        Assert.Equal(["input[0][0]"], rows["stem_conv"].ConnectedTo);

        var convs = ConvParams(3, 1, 16) + 2 * ConvParams(3, 16, 16) + ConvParams(3, 16, 32) + ConvParams(3, 32, 32) + ConvParams(1, 16, 32) + 2 * ConvParams(3, 32, 32);
        var norms = 3 * BnParams(16) + 5 * BnParams(32);
        Assert.Equal(convs + norms + DenseParams(32, 10), summary.TotalParams);
        Assert.Equal(norms / 2, summary.NonTrainableParams);
        var text = summary.ToText();
        Assert.Contains("Connected to", text);
        Assert.Matches(@"block2_add \(Add\) +\(None, 32, 14, 14\) +0 +block2_bn2\[0\]\[0\], block2_shortcut_bn\[0\]\[0\]", text);
    }

    [Fact]
    public void Inception_branches_concatenate_on_the_channel_axis()
    {
        var x = Input(8, 8, 3);
        var model = new Functional("inception", x, Concatenate().Call(
            Conv2D(4, 1, name: "one").Call(x), Conv2D(6, 3, padding: "same", name: "three").Call(x),
            MaxPooling2D(3, 1, "same", name: "pool").Call(x)));
        var summary = model.Summarize();

        Assert.Equal([4 + 6 + 3, 8, 8], model.OutputShape);
        Assert.Equal(ConvParams(1, 3, 4, bias: true) + ConvParams(3, 3, 6, bias: true), summary.TotalParams);
        Assert.Equal(["one[0][0]", "three[0][0]", "pool[0][0]"], summary.Layers[^1].ConnectedTo);
    }

    /// <summary>The README's example, verbatim.</summary>
    [Fact]
    public void The_readme_residual_block_has_the_keras_parameter_count()
    {
        var x = Input(28, 28, 1);
        var y = ReLU().Call(BatchNormalization().Call(Conv2D(16, 3, padding: "same", useBias: false).Call(x)));
        var block = BatchNormalization().Call(Conv2D(16, 3, padding: "same", useBias: false).Call(ReLU().Call(
            BatchNormalization().Call(Conv2D(16, 3, padding: "same", useBias: false).Call(y)))));
        var z = ReLU().Call(Add().Call(block, y));                                  // the residual connection
        var network = new Functional("resnet_block", x, Dense(10, activation: Softmax).Call(GlobalAveragePooling2D().Call(z)));

        Assert.Equal(ConvParams(3, 1, 16) + 2 * ConvParams(3, 16, 16) + 3 * BnParams(16) + DenseParams(16, 10), network.Summarize().TotalParams);
        Assert.Equal(["batch_normalization_3[0][0]", "re_lu_1[0][0]"], network.Summarize().Layers.Single(l => l.Type == "Add").ConnectedTo);
    }

    [Fact]
    public void A_residual_block_in_code_and_in_a_spec_are_the_same_model()
    {
        var x = Input(6, 6, 2);
        var y = Conv2D(2, 3, padding: "same", name: "conv").Call(x);
        y = BatchNormalization(name: "bn").Call(y);
        var output = ReLU(name: "out").Call(Add(name: "add").Call(y, x));
        var inCode = new Functional("block", x, output);
        var spec = """
            {"name": "block", "input": [6, 6, 2], "layers": [
              {"type": "Conv2D", "name": "conv", "filters": 2, "kernel_size": 3, "padding": "same"},
              {"type": "BatchNormalization", "name": "bn"},
              {"type": "Add", "name": "add", "inputs": ["bn", "input"]},
              {"type": "ReLU", "name": "out"}]}
            """;

        Assert.Equal(ModelSpec.Parse(spec).ToJson(), inCode.ToJson());
        Assert.Contains("\"inputs\": [\n        \"bn\",\n        \"input\"\n      ]", inCode.ToJson());
    }

    [Fact]
    public void A_chain_written_functionally_is_read_back_as_a_sequential_model()
    {
        var x = Input(4);
        var model = new Functional("chain", x, Dense(2).Call(Dense(3).Call(x)));
        var reread = ModelSpec.Parse(model.ToJson());
        Assert.IsType<Sequential>(reread);
        Assert.DoesNotContain("inputs", model.ToJson());
        Assert.Equal(model.ToJson(), reread.ToJson());
    }

    [Fact]
    public void A_spec_may_name_a_later_layer_and_is_written_back_in_call_order()
    {
        var json = """{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":3,"inputs":["b"]},{"type":"Dense","name":"b","units":2,"inputs":["input"]}],"outputs":["a"]}""";
        var model = ModelSpec.Parse(json);
        Assert.Equal([3], model.OutputShape);
        Assert.Equal(["b", "a"], model.Layers.Select(l => l.Name));
        Assert.Equal("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"b","units":2},{"type":"Dense","name":"a","units":3}]}""",
            model.ToJson(indented: false).Replace(",\"activation\":\"linear\",\"use_bias\":true", ""));
    }

    public static TheoryData<string, Func<float, float, float>> Merges() => new()
    {
        { "Add", (a, b) => a + b },
        { "Subtract", (a, b) => a - b },
        { "Multiply", (a, b) => a * b },
        { "Average", (a, b) => (a + b) / 2 },
        { "Maximum", Math.Max },
    };

    [Theory]
    [MemberData(nameof(Merges))]
    public void Merge_layers_match_a_naive_combination(string type, Func<float, float, float> combine)
    {
        var json = $$"""
            {"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":3},{"type":"Dense","name":"b","units":3,"inputs":["input"]},
             {"type":"{{type}}","inputs":["a","b"]}]}
            """;
        var model = Randomized(ModelSpec.Parse(json));
        var x = Data.Uniform(Batch * 4, 5);
        var y = Ort.Run(model.ToOnnx(), x, [Batch, 4]);

        var a = Reference.NaiveDense.Run(x, Batch, 4, Param(model, "a.kernel"), 3, Param(model, "a.bias"));
        var b = Reference.NaiveDense.Run(x, Batch, 4, Param(model, "b.kernel"), 3, Param(model, "b.bias"));
        Data.AssertClose([.. a.Zip(b, combine)], y);
    }

    /// <summary>Keras axes (batched NHWC) against the axis of our per-sample (C, H, W) they must land on.</summary>
    [Theory]
    [InlineData(-1, 0)]
    [InlineData(3, 0)]
    [InlineData(1, 1)]
    [InlineData(-3, 1)]
    [InlineData(2, 2)]
    [InlineData(-2, 2)]
    public void Concatenate_joins_along_the_keras_axis(int kerasAxis, int sampleAxis)
    {
        var x = Input(3, 2, 2);
        var model = new Functional("cat", x, Concatenate(kerasAxis).Call(x, ReLU().Call(x))).Build(0);
        var input = Data.Uniform(Batch * 12, 7);
        var y = Ort.Run(model.ToOnnx(), input, [Batch, 2, 3, 2]);

        int[] dims = [2, 3, 2];
        var outDims = (int[])dims.Clone();
        outDims[sampleAxis] *= 2;
        Assert.Equal(outDims, model.OutputShape);
        var expected = new List<float>();
        for (var n = 0; n < Batch; n++)
        for (var c = 0; c < outDims[0]; c++)
        for (var h = 0; h < outDims[1]; h++)
        for (var w = 0; w < outDims[2]; w++)
        {
            int[] at = [c, h, w];
            var second = at[sampleAxis] >= dims[sampleAxis];
            if (second) at[sampleAxis] -= dims[sampleAxis];
            var v = input[n * 12 + (at[0] * 3 + at[1]) * 2 + at[2]];
            expected.Add(second ? Math.Max(v, 0) : v);
        }
        Data.AssertClose([.. expected], y);
    }

    [Fact]
    public void ZeroPadding2D_adds_zero_rows_and_columns()
    {
        var model = new Sequential("pad", Input(3, 4, 2), ZeroPadding2D(((1, 2), (0, 3)))).Build(0);
        var input = Data.Uniform(Batch * 24, 9);
        var y = Ort.Run(model.ToOnnx(), input, [Batch, 2, 3, 4]);

        Assert.Equal([2, 6, 7], model.OutputShape);
        var expected = new float[Batch * 2 * 6 * 7];
        for (var n = 0; n < Batch; n++)
        for (var c = 0; c < 2; c++)
        for (var h = 0; h < 3; h++)
        for (var w = 0; w < 4; w++)
            expected[((n * 2 + c) * 6 + h + 1) * 7 + w] = input[((n * 2 + c) * 3 + h) * 4 + w];
        Data.AssertClose(expected, y);
    }

    [Fact]
    public void Wiring_errors_name_the_layer()
    {
        var x = Input(4);
        var dense = Dense(3, name: "d");
        var y = dense.Call(x);
        Assert.Contains("d (Dense) was already called", Assert.Throws<InvalidOperationException>(() => dense.Call(x)).Message);
        Assert.Equal("add (Add): inputs must have the same shape; input 0 is (3), input 1 is (4).",
            Assert.Throws<ArgumentException>(() => Add().Call(y, x)).Message);
        Assert.Equal("subtract (Subtract): expected 2 inputs, received 3.",
            Assert.Throws<ArgumentException>(() => Subtract().Call(y, y, y)).Message);
        Assert.Equal("maximum (Maximum): expected at least 2 inputs, received 1.",
            Assert.Throws<ArgumentException>(() => Maximum().Call(y)).Message);
        Assert.Contains("axis 4 is out of range", Assert.Throws<ArgumentException>(() => Concatenate(4).Call(x, x)).Message);
        Assert.Contains("the batch axis", Assert.Throws<ArgumentException>(() => Concatenate(0)).Message);
        Assert.Contains("which is not the model's input",
            Assert.Throws<ArgumentException>(() => new Functional("m", Input(4), Dense(2).Call(x))).Message);
    }

    private static Functional Randomized(Functional model)
    {
        model.Build(0).SetParameters(model.ParameterInfos.Select((p, i) => Data.Tensor(p.Name, p.Shape, 40 + i)).ToDictionary(t => t.Name));
        return model;
    }

    private static float[] Param(Functional model, string name) => model.Parameters[name].ToFloats();
}
