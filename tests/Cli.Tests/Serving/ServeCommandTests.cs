using System.Net;
using System.Text.Json.Nodes;

namespace Onnxdl.Cli.Tests;

/// <summary><c>onnxdl serve</c>'s model options: several <c>--model NAME=PATH</c>, a <c>--model-repository</c>, and their mistakes.</summary>
public class ServeCommandTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    [Theory]
    [InlineData(new[] { "serve" }, "serve needs --model MODEL.onnx (repeatable) or --model-repository DIR.")]
    [InlineData(new[] { "serve", "--model", "a b=x.onnx" }, "--model 'a b=x.onnx': expected NAME=PATH with a NAME of letters, digits")]
    [InlineData(new[] { "serve", "--model", "a=" }, "--model 'a=': expected NAME=PATH")]
    [InlineData(new[] { "serve", "--model", "a=missing.onnx" }, "Model 'missing.onnx' does not exist.")]
    [InlineData(new[] { "serve", "--model-repository", "missing-repository" }, "missing-repository' is not a folder.")]
    [InlineData(new[] { "serve", "--model", "x.onnx", "--max-batch-size", "0" }, "--max-batch-size must be at least 1, received 0.")]
    [InlineData(new[] { "serve", "--model", "x.onnx", "--max-queue-delay-us", "-1" }, "--max-queue-delay-us must be ≥ 0, received -1.")]
    public void Serve_refuses_bad_model_and_batching_options_with_a_usage_error(string[] args, string says)
    {
        var result = Cli.Run(args);

        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains(says, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_names_models_and_serves_a_repository_beside_them_until_interrupted()
    {
        using var repo = new TempDir();
        Cli.Run("repository", "add", fixture.BareModel, "--name", "bare", "--repo", repo.Path, "--max-batch-size", "4").Succeeded();
        using var child = ChildProcess.Start("serve", "--model", $"labels={fixture.LabelledModel}", "--model-repository", repo.Path, "--urls", "http://127.0.0.1:0");
        await child.WaitForLine(l => l.StartsWith("Listening on ", StringComparison.Ordinal));
        var url = child.Stdout.Split('\n').First(l => l.StartsWith("Listening on ", StringComparison.Ordinal))["Listening on ".Length..].Trim();

        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            Assert.Equal("labels", (string)JsonNode.Parse(await client.GetStringAsync("/v2/models/labels"))!["name"]!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/models/bare/versions/1/ready")).StatusCode);
            Assert.Equal("labelled.onnx", (string)JsonNode.Parse(await client.GetStringAsync("/metadata"))!["model"]!);
        }
        child.Signal(ChildProcess.SigInt);
        Assert.True(await child.Exit() == 0, child.Describe());

        Assert.Contains("Serving labels (labelled.onnx, version 1) on cpu, batches of up to 32.", child.Stdout, StringComparison.Ordinal);
        Assert.Contains("Serving bare (model.onnx, version 1) on cpu, batches of up to 4.", child.Stdout, StringComparison.Ordinal);
    }
}
