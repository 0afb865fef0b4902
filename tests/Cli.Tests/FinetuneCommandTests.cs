using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Cli.Tests;

/// <summary><c>onnxdl finetune</c> on an imported CNN (exported at opset 11, a classifier tail to cut off).</summary>
public sealed class FinetuneCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Output, string Error) Run(string cut)
    {
        var baseModel = Path.Combine(_dir, "base.onnx");
        ModelSerializer.Save(new Sequential("small_base", Input(14, 14, 1), Conv2D(4, 3, activation: "relu"), MaxPooling2D(2), Flatten(), Dense(10))
            .Build(3).ToOnnx(new ExportOptions { Opset = 11 }), baseModel);
        var head = Path.Combine(_dir, "head.json");
        File.WriteAllText(head, """{ "name": "head", "input": [144], "layers": [ { "type": "Dense", "units": 10, "activation": "softmax" } ] }""");
        var run = Cli.Run("finetune", "--base", baseModel, "--cut", cut, "--head", head, "--data", "fashion-mnist",
            "--out", Path.Combine(_dir, "out"), "--freeze-base", "--limit", "300", "--test-limit", "100", "--epochs", "2");
        return (run.Code, run.Out, run.Err);
    }

    [Fact]
    public void Writes_one_model_with_base_and_head()
    {
        var (code, output, error) = Run("flatten_1/Flatten");
        Assert.True(code == 0, error);
        Assert.Contains("cut 'flatten_1/Flatten' (144), frozen base, 1,450 trained parameters", output);
        Assert.Contains("epoch 2: loss", output);
        Assert.Matches(@"test accuracy 0\.\d{4} on 100 images", output);
        var model = ModelSerializer.Load(Path.Combine(_dir, "out", "model.onnx"));
        Assert.Contains(model.Graph.Nodes, n => n.Name == "conv2d_1/Conv");
        Assert.Contains(model.Graph.Initializers, t => t.Name == "dense_1.kernel" && t.Dims.SequenceEqual([144L, 10]));
    }

    [Fact]
    public void An_unknown_cut_is_a_usage_error_listing_candidates()
    {
        var (code, _, error) = Run("nope");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("has no node output 'nope' to cut at", error);
    }
}
