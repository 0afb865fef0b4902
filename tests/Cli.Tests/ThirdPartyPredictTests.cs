using System.Text.Json.Nodes;
using Onnx.Runtime;

namespace Onnx.Cli.Tests;

/// <summary>
/// <c>onnxdl predict --input JSON</c> on models nobody on the project made (fetched by
/// scripts/fetch-third-party-models.sh into third_party_models/), checked against the Predictor.
/// </summary>
public class ThirdPartyPredictTests
{
    private static string ModelPath(string name, [System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "../../third_party_models", name));

    [Fact]
    public void Predict_runs_a_pytorch_wake_word_model_from_npm()
    {
        var model = ModelPath("hello_deepa.onnx");
        if (!File.Exists(model)) return; // fetched by build.ps1 setup; the Runtime tests report the skip with the fetch command
        var random = new Random(9);
        var x = Enumerable.Range(0, 25 * 96).Select(_ => random.NextSingle()).ToArray();
        var inputPath = Path.Combine(Directory.CreateTempSubdirectory("onnxdl-cli-").FullName, "x.json");
        File.WriteAllText(inputPath, new JsonObject { ["onnx::Flatten_0"] = new JsonObject
        {
            ["dims"] = new JsonArray(1, 25, 96), ["data"] = new JsonArray([.. x.Select(v => (JsonNode)v)]),
        } }.ToJsonString());

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.True(CliApp.Run(["predict", "--model", model, "--input", inputPath], output, error) == 0, error.ToString());

        using var predictor = Predictor.Load(model);
        var expected = (float[])predictor.Predict(TensorData.Of(x, 1, 25, 96)).Data;
        var printed = JsonNode.Parse(output.ToString())!["39"]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(expected[0], printed.Single(), 5);
    }
}
