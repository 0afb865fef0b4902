using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli.Tests;

/// <summary>evaluate, dataset export-images and image-folder data.</summary>
public class EvaluateAndDataTests
{
    [Theory]
    [InlineData("evaluate", "--data", "fashion-mnist:test")]
    [InlineData("predict", "--input", "never-read.json")]
    [InlineData("serve", "--urls", "http://127.0.0.1:0")]
    public void A_json_model_spec_where_a_trained_model_belongs_says_how_to_train_one(string command, string option, string value)
    {
        var result = Cli.Run(command, "--model", Cli.CnnSpec, option, value);

        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains($"'{Cli.CnnSpec}' is a model spec (JSON), not a trained model; {command} needs a trained model.onnx", result.Err);
        Assert.Contains($"onnxdl train --model {Cli.CnnSpec} --data fashion-mnist --out out, then onnxdl {command} --model out/model.onnx", result.Err);
        Assert.DoesNotContain("protobuf", result.Err);
    }

    [Fact]
    public void A_spec_after_whitespace_and_a_byte_order_mark_is_still_recognised()
    {
        using var temp = new TempDir();
        var spec = temp.File("spaced.json");
        File.WriteAllText(spec, "\n  \t" + File.ReadAllText(Cli.CnnSpec), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = Cli.Run("evaluate", "--model", spec, "--data", "fashion-mnist:test");

        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains("is a model spec (JSON), not a trained model", result.Err);
    }

    [Fact]
    public void Evaluate_matches_a_naive_run_of_the_model()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "run");
        Assert.Equal(0, Cli.Run("train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "1000",
            "--epochs", "1", "--out", outDir, "--quiet").Code);
        var model = Path.Combine(outDir, "model.onnx");
        var plot = Path.Combine(dir, "confusion.png");

        var result = Cli.Run("evaluate", "--model", model, "--data", "fashion-mnist:test", "--limit", "300", "--json", "--plot", plot);

        Assert.Equal(0, result.Code);
        using var json = JsonDocument.Parse(result.LastLine);
        var (loss, accuracy) = NaiveEvaluation(model, FashionMnist.Load(train: false, limit: 300));
        Assert.Equal(300, json.RootElement.GetProperty("samples").GetInt32());
        Assert.Equal(accuracy, json.RootElement.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(loss, json.RootElement.GetProperty("loss").GetDouble(), 5);
        Assert.Contains("precision", result.Out);
        Assert.True(Cli.IsPng(plot));
    }

    [Fact]
    public void Exported_images_train_and_evaluate_through_the_folder_source()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var images = Path.Combine(dir, "images");
        var outDir = Path.Combine(dir, "run");

        var export = Cli.Run("dataset", "export-images", "--data", "fashion-mnist", "--out", images, "--limit", "60");
        var train = Cli.Run("train", "--model", Cli.TinySpec(dir), "--data", $"folder:{images}", "--limit", "40",
            "--epochs", "1", "--batch-size", "8", "--out", outDir, "--quiet");
        var evaluate = Cli.Run("evaluate", "--model", Path.Combine(outDir, "model.onnx"), "--data", $"folder:{images}", "--json");

        Assert.Equal(0, export.Code);
        Assert.Equal(60, Directory.GetFiles(images, "*.png").Length);
        Assert.Equal(FashionMnist.ClassNames, File.ReadAllLines(Path.Combine(images, "classes.txt")));
        Assert.Equal(0, train.Code);
        Assert.Equal(0, evaluate.Code);
        using var json = JsonDocument.Parse(evaluate.LastLine);
        Assert.Equal(60, json.RootElement.GetProperty("samples").GetInt32());
    }

    [Fact]
    public void Evaluating_a_model_on_data_of_another_shape_is_a_usage_error()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var csv = Path.Combine(dir, "data.csv");
        File.WriteAllLines(csv, ["a,b,label", "1,2,x", "3,4,y"]);
        var model = Path.Combine(dir, "cnn.onnx");
        Assert.Equal(0, Cli.Run("export", Cli.CnnSpec, "--out", model).Code);

        var result = Cli.Run("evaluate", "--model", model, "--data", $"csv:{csv}:label");

        Assert.Equal(2, result.Code);
        Assert.Contains("[2]", result.Err);
    }

    /// <summary>Accuracy and clipped cross-entropy from a plain InferenceSession, one sample at a time.</summary>
    internal static (double Loss, double Accuracy) NaiveEvaluation(string model, ArrayDataset data)
    {
        using var session = new InferenceSession(model);
        double loss = 0, correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(data.Sample(i).ToArray(), [1, 1, 28, 28]);
            using var outputs = session.Run(new RunOptions(), ["input"], [input], ["output"]);
            var p = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var predicted = TensorPrimitives.IndexOfMax(p);
            correct += predicted == data.Labels[i] ? 1 : 0;
            loss -= Math.Log(Math.Clamp(p[data.Labels[i]], 1e-7, 1 - 1e-7));
        }
        return (loss / data.Count, correct / data.Count);
    }
}
