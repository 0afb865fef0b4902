using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli.Tests;

/// <summary>summary, export and artifacts.</summary>
public class ModelCommandTests
{
    // conv 3·3·1·32 + 32, dense 5408·128 + 128, dense 128·10 + 10 (by hand).
    private const long SeedCnnParameters = 3 * 3 * 1 * 32 + 32 + 5408 * 128 + 128 + 128 * 10 + 10;

    [Fact]
    public void Summary_of_the_seed_cnn_shows_its_parameter_count()
    {
        var text = Cli.Run("summary", Cli.CnnSpec);
        var json = Cli.Run("summary", Cli.CnnSpec, "--json");

        Assert.Equal(0, text.Code);
        Assert.Contains("Total params: 693,962", text.Out);
        using var doc = JsonDocument.Parse(json.LastLine);
        Assert.Equal(SeedCnnParameters, doc.RootElement.GetProperty("total_params").GetInt64());
        Assert.Equal(SeedCnnParameters, doc.RootElement.GetProperty("trainable_params").GetInt64());
        Assert.Equal(6, doc.RootElement.GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public void Exported_model_is_summarised_as_ONNX()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var onnx = Path.Combine(dir, "cnn.onnx");

        Assert.Equal(0, Cli.Run("export", Cli.CnnSpec, "--out", onnx, "--seed", "3").Code);
        var summary = Cli.Run("summary", onnx, "--json");

        Assert.Equal(0, summary.Code);
        using var doc = JsonDocument.Parse(summary.LastLine);
        Assert.Equal(SeedCnnParameters, doc.RootElement.GetProperty("parameters").GetInt64());
        Assert.Equal("input", doc.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("ops").GetProperty("Conv").GetInt32());
        using var session = new InferenceSession(onnx);
        Assert.Equal([-1, 1, 28, 28], session.InputMetadata["input"].Dimensions);
    }

    [Fact]
    public void Malformed_specs_and_models_are_usage_errors()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var badJson = Path.Combine(dir, "bad.json");
        var badOnnx = Path.Combine(dir, "bad.onnx");
        File.WriteAllText(badJson, "{\"name\": \"x\", \"input\": [");
        File.WriteAllBytes(badOnnx, [0x08, 0xFF, 0xFF, 0xFF, 0x42]);

        var json = Cli.Run("summary", badJson);
        var onnx = Cli.Run("summary", badOnnx);
        var missing = Cli.Run("export", Path.Combine(dir, "none.json"), "--out", Path.Combine(dir, "x.onnx"));

        Assert.Equal(2, json.Code);
        Assert.Contains("bad.json", json.Err);
        Assert.Equal(2, onnx.Code);
        Assert.Contains("bad.onnx", onnx.Err);
        Assert.Equal(2, missing.Code);
        Assert.Contains("none.json", missing.Err);
        Assert.DoesNotContain("   at ", json.Err + onnx.Err + missing.Err);
    }

    [Fact]
    public void Artifacts_are_runnable_graphs_with_an_initial_checkpoint()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var spec = Cli.TinySpec(dir);
        var outDir = Path.Combine(dir, "artifacts");

        var result = Cli.Run("artifacts", spec, "--loss", "categorical_crossentropy", "--optimizer", "sgd", "--lr", "0.1", "--out", outDir);

        Assert.Equal(0, result.Code);
        foreach (var file in new[] { "train_step.onnx", "eval_step.onnx", "model.onnx" })
            using (new InferenceSession(Path.Combine(outDir, file))) { }
        var checkpoint = Checkpoint.Load(Path.Combine(outDir, "checkpoint", "initial.ckpt"));
        Assert.Equal([784, 10], checkpoint.Tensors["dense_1.kernel"].Dims);
        Assert.Equal(new float[10], checkpoint.Tensors["dense_1.bias"].ToFloats());
        Assert.Equal(0, checkpoint.Progress.Step);
    }

    /// <summary>A trained model.onnx starts new artifacts (and further training) from its own weights, read back from the file train wrote.</summary>
    [Fact]
    public void Artifacts_and_training_start_from_a_trained_model_ONNX()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var trained = Path.Combine(dir, "run", "model.onnx");
        var train = Cli.Run("train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "300", "--epochs", "1",
            "--out", Path.Combine(dir, "run"), "--quiet");
        Assert.True(train.Code == 0, train.Err);
        var weights = ModelSerializer.Load(trained).Graph.Initializers.Single(t => t.Name == "dense_1.kernel").ToFloats();
        Assert.Contains(weights, w => w != 0);

        var outDir = Path.Combine(dir, "again");
        var artifacts = Cli.Run("artifacts", trained, "--loss", "categorical_crossentropy", "--optimizer", "adam", "--out", outDir);
        Assert.True(artifacts.Code == 0, artifacts.Err);
        Assert.Equal(weights, Checkpoint.Load(Path.Combine(outDir, "checkpoint", "initial.ckpt")).Tensors["dense_1.kernel"].ToFloats());

        var more = Cli.Run("train", "--model", trained, "--data", "fashion-mnist", "--limit", "300", "--epochs", "1",
            "--out", Path.Combine(dir, "more"), "--quiet");
        Assert.True(more.Code == 0, more.Err);
    }

    [Fact]
    public void An_ONNX_model_without_its_spec_is_a_usage_error_pointing_to_finetune()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var exported = Path.Combine(dir, "model.onnx");
        Assert.Equal(0, Cli.Run("export", Cli.CnnSpec, "--out", exported).Code);
        var model = ModelSerializer.Load(exported);
        model.Metadata.RemoveAll(kv => kv.Key == MetadataKeys.Spec);
        var foreign = Path.Combine(dir, "foreign.onnx");
        ModelSerializer.Save(model, foreign);

        var result = Cli.Run("artifacts", foreign, "--loss", "categorical_crossentropy", "--optimizer", "adam", "--out", Path.Combine(dir, "out"));

        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains("has no 'onnxdl.spec' metadata", result.Err);
        Assert.Contains("onnxdl finetune", result.Err);
    }
}
