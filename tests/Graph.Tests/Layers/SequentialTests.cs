using System.Text.Json;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Graph.Tests.Layers;

public class SequentialTests
{
    private static Sequential SeedCnn() => new("seed_cnn", Input(28, 28, 1),
        Conv2D(32, 3, activation: "relu"), MaxPooling2D(2), Flatten(),
        Dense(128, activation: "sigmoid"), Dropout(0.5), Dense(10, activation: "softmax"));

    [Fact]
    public void Seed_cnn_summary_matches_the_issue_counts()
    {
        var summary = SeedCnn().Summarize();
        // Numbers from the issue (Keras' summary of the same model): 320 + 692,352 + 1,290.
        Assert.Equal([320L, 0, 0, 692_352, 0, 1_290], summary.Layers.Select(l => l.Params));
        Assert.Equal(693_962, summary.TotalParams);
        Assert.Equal(693_962, summary.TrainableParams);
        Assert.Equal(0, summary.NonTrainableParams);
        Assert.Equal(["conv2d_1", "max_pooling2d_1", "flatten_1", "dense_1", "dropout_1", "dense_2"], summary.Layers.Select(l => l.Name));
        Assert.Equal([32, 26, 26], summary.Layers[0].OutputShape);
        Assert.Equal([5408], summary.Layers[2].OutputShape);

        var text = SeedCnn().Summary();
        Assert.Contains("conv2d_1 (Conv2D)", text);
        Assert.Contains("(None, 32, 26, 26)", text);
        Assert.Contains("Total params: 693,962", text);
        Assert.Contains("Non-trainable params: 0", text);

        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.Equal(693_962, json.RootElement.GetProperty("total_params").GetInt64());
        Assert.Equal(693_962, json.RootElement.GetProperty("trainable_params").GetInt64());
        var first = json.RootElement.GetProperty("layers")[0];
        Assert.Equal("Conv2D", first.GetProperty("type").GetString());
        Assert.Equal(320, first.GetProperty("params").GetInt64());
        Assert.Equal("[null,32,26,26]", first.GetProperty("output_shape").GetRawText());
    }

    [Fact]
    public void Dense_spec_is_linear_regression_with_3_parameters()
    {
        var model = ModelSpec.Load(Repo.Path("models/dense.json"));
        Assert.Equal(3, model.Summarize().TotalParams);
        Assert.Equal([2], model.Input.Shape);
        Assert.Equal(["dense_1.kernel", "dense_1.bias"], model.ParameterInfos.Select(p => p.Name));
        Assert.Equal([2L, 1], model.ParameterInfos[0].Shape);
    }

    [Fact]
    public void Batch_normalization_statistics_are_non_trainable()
    {
        var model = new Sequential("bn", Input(8, 8, 3), Conv2D(4, 3), BatchNormalization());
        var summary = model.Summarize();
        Assert.Equal(108 + 4 + 16, summary.TotalParams);
        Assert.Equal(8, summary.NonTrainableParams);
        Assert.Equal(
            ["batch_normalization_1.gamma", "batch_normalization_1.beta", "batch_normalization_1.moving_mean", "batch_normalization_1.moving_variance"],
            model.ParameterInfos.Skip(2).Select(p => p.Name));
        Assert.Equal([true, true, false, false], model.ParameterInfos.Skip(2).Select(p => p.Trainable));
    }

    [Fact]
    public void Shape_errors_name_the_layer_and_both_shapes()
    {
        var conv = Assert.Throws<ArgumentException>(() => new Sequential("m", Input(128), Conv2D(32, 3)));
        Assert.Equal("conv2d_1 (Conv2D): expected a (C,H,W) input, received (128).", conv.Message);

        var dense = Assert.Throws<ArgumentException>(() => new Sequential("m", Input(28, 28, 1), Conv2D(8, 3), Dense(10)));
        Assert.StartsWith("dense_1 (Dense): expected a (F) input, received (8, 26, 26)", dense.Message);

        var tooBig = Assert.Throws<ArgumentException>(() => new Sequential("m", Input(4, 4, 1), Conv2D(8, 5, name: "big")));
        Assert.Contains("big (Conv2D)", tooBig.Message);
        Assert.Contains("(1, 4, 4)", tooBig.Message);
    }

    [Fact]
    public void Names_are_numbered_per_type_and_explicit_names_are_kept()
    {
        var model = new Sequential("m", Input(4), Dense(3, name: "dense_1"), Dense(3), Dense(2, name: "head"));
        Assert.Equal(["dense_1", "dense_2", "head"], model.Layers.Select(l => l.Name));
        Assert.Throws<ArgumentException>(() => model.Add(Dense(2, name: "head")));
        Assert.Throws<ArgumentException>(() => new Sequential("m", Input(4), Dense(3, name: "a.b")));
    }

    [Fact]
    public void A_layer_belongs_to_one_model()
    {
        var shared = Dense(3);
        Assert.Throws<ArgumentException>(() => new Sequential("bad", Input(4, 4, 1), shared));
        Assert.Equal("", shared.Name); // a failed add leaves the layer unnamed and free
        _ = new Sequential("a", Input(4), shared);
        Assert.Throws<InvalidOperationException>(() => new Sequential("b", Input(4), shared));
    }

    [Fact]
    public void SetParameters_names_every_problem_and_changes_nothing()
    {
        var model = new Sequential("m", Input(4), Dense(3)).Build(1);
        var before = model.Parameters["dense_1.kernel"];
        var bad = new Dictionary<string, Tensor>
        {
            ["dense_1.kernel"] = Tensor.FromFloats("k", [3, 4], new float[12]),
            ["dense_1.extra"] = Tensor.FromFloats("e", [1], [0f]),
        };
        var e = Assert.Throws<ArgumentException>(() => model.SetParameters(bad));
        Assert.Contains("'dense_1.kernel' has shape [3,4], expected [4,3]", e.Message);
        Assert.Contains("missing 'dense_1.bias' [3]", e.Message);
        Assert.Contains("unexpected 'dense_1.extra'", e.Message);
        Assert.Same(before, model.Parameters["dense_1.kernel"]);

        var wrongType = new Dictionary<string, Tensor>
        {
            ["dense_1.kernel"] = Tensor.FromDoubles("k", [4, 3], new double[12]),
            ["dense_1.bias"] = Tensor.FromFloats("b", [3], new float[3]),
        };
        Assert.Contains("'dense_1.kernel' is Double, expected Float", Assert.Throws<ArgumentException>(() => model.SetParameters(wrongType)).Message);
    }

    [Fact]
    public void Parameters_need_build_and_layers_come_before_build()
    {
        var model = new Sequential("m", Input(4), Dense(3));
        Assert.Contains("Build(seed)", Assert.Throws<InvalidOperationException>(() => model.Parameters).Message);
        model.Build(0);
        Assert.Throws<InvalidOperationException>(() => model.Add(Dense(2)));
    }

    [Fact]
    public void Export_has_named_io_initializers_metadata_and_docs()
    {
        var model = SeedCnn().Build(3);
        var onnx = model.ToOnnx(new ExportOptions { Labels = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")], Preprocessing = "{\"scale\":0.00392}" });
        var graph = onnx.Graph;
        Assert.Equal("input", graph.Inputs.Single().Name);
        Assert.Equal("float32[N,1,28,28]", graph.Inputs[0].Type.ToString());
        Assert.Equal("output", graph.Outputs.Single().Name);
        Assert.Equal("float32[N,10]", graph.Outputs[0].Type.ToString());
        Assert.Equal(["conv2d_1.kernel", "conv2d_1.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias"],
            graph.Initializers.Select(t => t.Name));
        Assert.Equal([32L, 1, 3, 3], graph.Initializer("conv2d_1.kernel")!.Dims);
        Assert.Equal([5408L, 128], graph.Initializer("dense_1.kernel")!.Dims);
        Assert.Equal(17, onnx.Opset);
        Assert.StartsWith("onnxdl", onnx.GetMetadata("producer"));
        Assert.Equal("[\"c0\",\"c1\",\"c2\",\"c3\",\"c4\",\"c5\",\"c6\",\"c7\",\"c8\",\"c9\"]", onnx.GetMetadata(MetadataKeys.Labels));
        Assert.Equal("{\"scale\":0.00392}", onnx.GetMetadata(MetadataKeys.Preprocessing));
        Assert.Equal(model.ToJson(indented: false), onnx.GetMetadata(MetadataKeys.Spec));
        Assert.NotEmpty(graph.DocString);
        Assert.All(graph.Nodes.Where(n => n.OpType != "Identity"), n => Assert.Matches(@"^\w+ \(\w+\)$", n.DocString));
        Assert.Equal("conv2d_1 (Conv2D)", graph.Nodes.First(n => n.OpType == "Conv").DocString);

        Assert.Throws<ArgumentException>(() => model.ToOnnx(new ExportOptions { Labels = ["a", "b"] }));
        Assert.Throws<ArgumentException>(() => model.ToOnnx(new ExportOptions { Opset = 8 }));
    }

    [Fact]
    public void Exported_seed_cnn_runs_and_outputs_probabilities()
    {
        var y = Ort.Run(SeedCnn().Build(0).ToOnnx(), Data.Uniform(3 * 784, 1, 0, 1), [3, 1, 28, 28]);
        Assert.Equal(30, y.Length);
        for (var n = 0; n < 3; n++) Assert.Equal(1.0, y.Skip(10 * n).Take(10).Sum(), 4);
    }
}
