using System.Text.Json;
using Google.Protobuf;
using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Cli.Tests;

/// <summary>A hostile model given to the CLI is refused as a bad input file (exit code 2) with a message naming the file and the tensor.</summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> CheckerKinds => [.. HostileFiles.Refused.Keys];

    [Theory]
    [MemberData(nameof(CheckerKinds))]
    public void Check_refuses_each_hostile_kind_with_one_line(string kind)
    {
        var expected = HostileFiles.Refused[kind];
        var model = HostileFiles.Save(expected.Build(), _temp.Path, $"{kind}.onnx");

        var run = Cli.Run("check", model);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        var line = Assert.Single(run.Lines);
        Assert.StartsWith($"{model}: {expected.Where}: ", line);
        Assert.Contains(expected.Message, line);
        Assert.EndsWith($"[{expected.Kind}]", line);
        Assert.Equal("", run.Err);

        var json = Cli.Run("check", model, "--json");
        Assert.Equal(ExitCodes.UsageError, json.Code);
        var problem = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray());
        Assert.Equal(expected.Kind.ToString(), problem.GetProperty("kind").GetString());
        Assert.Equal(expected.Where, problem.GetProperty("where").GetString());
        Assert.Contains(expected.Message, problem.GetProperty("message").GetString());
    }

    [Fact]
    public void Check_accepts_a_valid_model_with_its_counts()
    {
        var model = HostileFiles.Save(HostileFiles.Tiny(), _temp.Path);
        Assert.Equal($"{model}: OK (nodes: 1, operator types: 1, parameters: 4).", Cli.Run("check", model).Succeeded().LastLine);
        Assert.Equal("[]", Cli.Run("check", model, "--json").Succeeded().Out.Trim());
    }

    [Fact]
    public void Check_of_a_file_that_does_not_parse_names_it_without_a_stack_trace()
    {
        var model = Path.Combine(_temp.Path, "half.onnx");
        var bytes = HostileFiles.Tiny().ToByteArray();
        File.WriteAllBytes(model, bytes[..(bytes.Length / 2)]);

        var run = Cli.Run("check", model);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.StartsWith($"error: {model}: not a valid ONNX model", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Fact]
    public void Artifacts_and_finetune_refuse_an_invalid_model_listing_its_problems()
    {
        var model = HostileFiles.Save(HostileFiles.Refused["cycle"].Build(), _temp.Path);
        var expected = $"error: {model}: not a valid ONNX model (1 problem):\nnode 'a' (Relu): input 'b_out' is written by node 'b' (Relu)";

        var artifacts = Cli.Run("artifacts", model, "--loss", "mse", "--optimizer", "sgd", "--out", Path.Combine(_temp.Path, "out"));
        Assert.Equal(ExitCodes.UsageError, artifacts.Code);
        Assert.StartsWith(expected, artifacts.Err);

        var head = Path.Combine(_temp.Path, "head.json");
        File.WriteAllText(head, """{ "name": "head", "input": [2], "layers": [ { "type": "Dense", "units": 10, "activation": "softmax" } ] }""");
        var finetune = Cli.Run("finetune", "--base", model, "--cut", "y", "--head", head, "--data", "fashion-mnist",
            "--out", Path.Combine(_temp.Path, "tuned"), "--limit", "10", "--test-limit", "10");
        Assert.Equal(ExitCodes.UsageError, finetune.Code);
        Assert.StartsWith(expected, finetune.Err);
    }

    [Fact]
    public void Summary_of_an_invalid_model_prints_what_it_can_then_the_problems()
    {
        var model = HostileFiles.Save(HostileFiles.Refused["cycle"].Build(), _temp.Path);

        var run = Cli.Run("summary", model);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains("Nodes: 3", run.Out);
        Assert.Contains($"{model}: node 'a' (Relu): input 'b_out' is written by node 'b' (Relu)", run.LastLine);

        var json = Cli.Run("summary", model, "--json");
        Assert.Equal(ExitCodes.UsageError, json.Code);
        Assert.Equal(3, JsonDocument.Parse(json.Out).RootElement.GetProperty("nodes").GetInt32());
        Assert.Contains("[Cycle]", json.Err);
    }

    [Fact]
    public void Predict_refuses_external_data_outside_the_model_folder()
    {
        using var temp = new TempDir();
        var root = temp.Path;
        File.WriteAllBytes(Path.Combine(root, "secret.bin"), HostileFiles.WeightBytes());
        var model = HostileFiles.Save(HostileFiles.WithExternalWeight("../secret.bin"), Path.Combine(root, "model"));
        var input = Path.Combine(root, "x.json");
        File.WriteAllText(input, """{"x": {"dims": [1, 2], "data": [1, 1]}}""");

        var run = Cli.Run("predict", "--model", model, "--input", input);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains($"{model}: tensor 'w' external data refused: location '../secret.bin' climbs out", run.Err);
    }
}
