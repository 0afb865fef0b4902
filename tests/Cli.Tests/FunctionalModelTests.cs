using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Runtime;

namespace Onnxdl.Cli.Tests;

/// <summary>A functional model (models/branches.json) through every command after train: evaluate, artifacts, train again, finetune, serve.</summary>
public class FunctionalModelTests(FunctionalModelFixture fixture) : IClassFixture<FunctionalModelFixture>
{
    [Fact]
    public void Summary_shows_what_each_layer_is_connected_to()
    {
        var result = Cli.Run("summary", fixture.Spec, "--json");
        Assert.Equal(0, result.Code);
        using var json = JsonDocument.Parse(result.Out);
        var mean = json.RootElement.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "mean");
        Assert.Equal(["wide[0][0]", "narrow[0][0]", "stem_relu[0][0]"], mean.GetProperty("connected_to").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Evaluate_matches_a_naive_run_of_the_model()
    {
        var result = Cli.Run("evaluate", "--model", fixture.Model, "--data", "fashion-mnist:test", "--limit", "200", "--json");

        Assert.Equal(0, result.Code);
        using var json = JsonDocument.Parse(result.LastLine);
        var (loss, accuracy) = EvaluateAndDataTests.NaiveEvaluation(fixture.Model, FashionMnist.Load(train: false, limit: 200));
        Assert.Equal(accuracy, json.RootElement.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(loss, json.RootElement.GetProperty("loss").GetDouble(), 5);
    }

    [Fact]
    public void Artifacts_and_training_start_from_the_trained_model()
    {
        var weights = ModelSerializer.Load(fixture.Model).Graph.Initializers.Single(t => t.Name == "narrow.kernel").ToFloats();
        var artifactsDir = fixture.Folder("artifacts");
        var artifacts = Cli.Run("artifacts", fixture.Model, "--loss", "categorical_crossentropy", "--optimizer", "adam", "--out", artifactsDir);
        Assert.True(artifacts.Code == 0, artifacts.Err);
        Assert.Equal(weights, Checkpoint.Load(Path.Combine(artifactsDir, "checkpoint", "initial.ckpt")).Tensors["narrow.kernel"].ToFloats());

        var more = Cli.Run("train", "--model", fixture.Model, "--data", "fashion-mnist", "--limit", "100", "--epochs", "1",
            "--out", fixture.Folder("more"), "--quiet");
        Assert.True(more.Code == 0, more.Err);
    }

    [Fact]
    public void Finetune_cuts_the_functional_model_and_trains_a_new_head()
    {
        var head = Path.Combine(fixture.Folder("head"), "head.json");
        File.WriteAllText(head, """{ "name": "head", "input": [1176], "layers": [ { "type": "Dense", "units": 10, "activation": "softmax" } ] }""");
        var outDir = fixture.Folder("finetuned");
        var run = Cli.Run("finetune", "--base", fixture.Model, "--cut", "flat/Flatten", "--head", head, "--data", "fashion-mnist",
            "--out", outDir, "--freeze-base", "--limit", "200", "--test-limit", "100", "--epochs", "1");

        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("cut 'flat/Flatten' (1176), frozen base, 11,770 trained parameters", run.Out);
        var model = ModelSerializer.Load(Path.Combine(outDir, "model.onnx"));
        Assert.Contains(model.Graph.Nodes, n => n.Name == "mean/Mul");
    }

    [Fact]
    public async Task Serve_answers_with_the_model_outputs()
    {
        var image = FashionMnist.Load(train: false, limit: 1).Sample(0).ToArray();
        await using var server = await PredictionServer.StartAsync(
            new ServeOptions(fixture.Model, "http://127.0.0.1:0", Device.Cpu, 1 << 20), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        var body = new JsonObject { ["input"] = new JsonObject { ["dims"] = new JsonArray(1, 1, 28, 28), ["data"] = new JsonArray([.. image.Select(v => (JsonNode)v)]) } };
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/predict", content);

        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, reply.ToJsonString());
        using var session = new InferenceSession(fixture.Model);
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
        using var outputs = session.Run(new RunOptions(), ["input"], [input], ["output"]);
        Assert.Equal(outputs[0].GetTensorDataAsSpan<float>().ToArray(), reply["output"]!["data"]!.AsArray().Select(v => (float)v!));
    }
}
