using System.Text.Json.Nodes;
using Onnxdl.Runtime;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// <c>onnxdl summary</c>, <c>predict --input JSON</c> and <c>serve</c> on models nobody on the project made
/// (fetched by scripts/fetch-third-party-models.sh into third_party_models/), checked against ONNX Runtime.
/// </summary>
public class ThirdPartyPredictTests
{
    private static string ModelPath(string name) => Repo.Path(Path.Combine("third_party_models", name));

    [ThirdPartyFact]
    public void Predict_runs_a_pytorch_wake_word_model_from_npm()
    {
        var model = ThirdPartyModels.WakeWord;
        var random = new Random(9);
        var x = Enumerable.Range(0, 25 * 96).Select(_ => random.NextSingle()).ToArray();
        using var temp = new TempDir();
        var inputPath = temp.File("x.json");
        File.WriteAllText(inputPath, new JsonObject { ["onnx::Flatten_0"] = new JsonObject
        {
            ["dims"] = new JsonArray(1, 25, 96), ["data"] = new JsonArray([.. x.Select(v => (JsonNode)v)]),
        } }.ToJsonString());

        var run = Cli.Run("predict", "--model", model, "--input", inputPath).Succeeded();

        using var predictor = Predictor.Load(model);
        var expected = (float[])predictor.Predict(TensorData.Of(x, 1, 25, 96)).Data;
        var printed = JsonNode.Parse(run.Out)!["39"]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(expected[0], printed.Single(), 5);
    }

    /// <summary>The summary of models nobody here made: inputs and outputs as ONNX Runtime (an independent reader) sees them.</summary>
    [ThirdPartyTheory]
    [InlineData("resnet18.onnx", "Conv")]
    [InlineData("hello_deepa.onnx", "Gemm")]
    public void Summary_describes_third_party_models_as_onnx_runtime_sees_them(string name, string op)
    {
        var model = ModelPath(name);
        var run = Cli.Run("summary", model, "--json").Succeeded();
        var json = JsonNode.Parse(run.LastLine)!;
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model);
        Assert.Equal(session.InputMetadata.Keys.Order(), json["inputs"]!.AsArray().Select(i => (string)i!["name"]!).Order());
        Assert.Equal(session.OutputMetadata.Keys.Order(), json["outputs"]!.AsArray().Select(o => (string)o!["name"]!).Order());
        Assert.True((int)json["ops"]![op]! > 0, run.Out);
    }

    [ThirdPartyFact]
    public async Task Serve_answers_tensor_requests_for_a_third_party_model()
    {
        var model = ThirdPartyModels.WakeWord;
        var x = Enumerable.Range(0, 25 * 96).Select(i => (float)Math.Sin(i)).ToArray();
        await using var server = await PredictionServer.StartAsync(
            new ServeOptions(model, "http://127.0.0.1:0", Device.Cpu, 1 << 20), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        var body = new JsonObject { ["onnx::Flatten_0"] = new JsonObject
        {
            ["dims"] = new JsonArray(1, 25, 96), ["data"] = new JsonArray([.. x.Select(v => (JsonNode)v)]),
        } }.ToJsonString();
        var response = await client.PostAsync("/predict", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);

        using var predictor = Predictor.Load(model);
        var expected = (float[])predictor.Predict(TensorData.Of(x, 1, 25, 96)).Data;
        Assert.Equal(expected[0], JsonNode.Parse(text)!["39"]!["data"]![0]!.GetValue<float>(), 5);
    }
}
