using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using Onnxdl.Tests;
using Onnxdl.Runtime;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli.Tests;

public partial class ServeTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    private const long BodyLimit = 64 * 1024;

    private sealed record Probe(string Kind, HttpContent Content, HttpStatusCode Status, Action<JsonNode>? Check = null);

    [Fact]
    public async Task Concurrent_mixed_requests_get_their_own_status_and_results_then_stop_releases_the_port()
    {
        using var cancellation = new CancellationTokenSource();
        var server = await PredictionServer.StartAsync(
            new ServeOptions(fixture.LabelledModel, "http://127.0.0.1:0", Device.Cpu, BodyLimit), cancellation.Token);
        var running = server.WaitForShutdownAsync(cancellation.Token);
        var url = Assert.Single(server.Urls);
        var port = new Uri(url).Port;
        Assert.NotEqual(0, port);

        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            var probes = Enumerable.Range(0, 32).Select(MakeProbe).ToArray();
            var responses = await Task.WhenAll(probes.Select(p => client.PostAsync("/predict?top=3", p.Content)));
            for (var i = 0; i < probes.Length; i++)
            {
                var body = await responses[i].Content.ReadAsStringAsync();
                Assert.True(probes[i].Status == responses[i].StatusCode, $"{probes[i].Kind}: expected {probes[i].Status}, got {responses[i].StatusCode}: {body}");
                var json = JsonNode.Parse(body)!;
                if (probes[i].Check is { } check) check(json);
                else Assert.False(string.IsNullOrWhiteSpace((string?)json["error"]), $"{probes[i].Kind}: {body}");
            }
            Assert.Equal("ok", (string)JsonNode.Parse(await client.GetStringAsync("/health"))!["status"]!);
        }

        await cancellation.CancelAsync();
        await running;
        await server.DisposeAsync();
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public async Task Metadata_describes_the_model_and_the_device_used()
    {
        await using var server = await PredictionServer.StartAsync(
            new ServeOptions(fixture.LabelledModel, "http://127.0.0.1:0", Device.Cpu, BodyLimit), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        var metadata = JsonNode.Parse(await client.GetStringAsync("/metadata"))!;
        var input = Assert.Single(metadata["inputs"]!.AsArray())!;
        Assert.Equal("input", (string)input["name"]!);
        Assert.Equal("float32", (string)input["type"]!);
        Assert.Equal("[\"N\",1,8,8]", input["shape"]!.ToJsonString());
        Assert.Equal("[\"N\",3]", metadata["outputs"]![0]!["shape"]!.ToJsonString());
        Assert.Equal(ImageModelFixture.Labels, metadata["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(ImageModelFixture.Mean, (float)metadata["preprocessing"]!["mean"]![0]!);
        Assert.Equal("metadata", (string)metadata["preprocessingSource"]!);
        Assert.Equal("cpu", (string)metadata["device"]!["actual"]!);
    }

    [Theory]
    [InlineData("malformed json", 400, new[] { "request body is not valid JSON", "expected {\"NAME\"" })]
    [InlineData("wrong shape", 400, new[] { "labelled.onnx: input 'input' expects shape [N,1,8,8], received [1,1,4,4]" })]
    [InlineData("wrong type", 400, new[] { "labelled.onnx: input 'input' expects float32, received int64" })]
    [InlineData("unknown input", 400, new[] { "labelled.onnx has no input 'pixels'", "Its inputs: input float32[N,1,8,8]" })]
    [InlineData("too few values", 400, new[] { "tensor 'input': dims [1,1,8,8] need 64 values, data has 3" })]
    [InlineData("undecodable image", 400, new[] { "Image 'request body' (104 bytes) is not a readable image", "Expected PNG" })]
    [InlineData("empty body", 400, new[] { "The request body is empty; expected an encoded image or JSON tensors" })]
    [InlineData("bad top", 400, new[] { "top must be a whole number ≥ 1, received 'zero'" })]
    [InlineData("oversize", 413, new[] { "larger than the server's limit (65536 bytes)" })]
    [InlineData("content type", 415, new[] { "Content-Type 'text/plain; charset=utf-8' is not supported", "application/json" })]
    [InlineData("image for a tensor model", 400, new[] { "flat.onnx", "does not take images", "input 'input' float32[N,5] is not [N,C,H,W]" })]
    public async Task Error_replies_say_what_was_wrong_and_name_the_model_without_a_server_path(string kind, int status, string[] says)
    {
        using var dir = new TempDir();
        var model = dir.File(kind == "image for a tensor model" ? "flat.onnx" : "labelled.onnx");
        if (kind == "image for a tensor model")
            ModelSerializer.Save(new Sequential("flat", Keras.Input(5), Keras.Dense(2)).Build(seed: 1).ToOnnx(), model);
        else File.Copy(fixture.LabelledModel, model);
        await using var server = await PredictionServer.StartAsync(new ServeOptions(model, "http://127.0.0.1:0", Device.Cpu, BodyLimit), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };

        using var response = await client.PostAsync(kind == "bad top" ? "/predict?top=zero" : "/predict", ErrorRequest(kind));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"{kind}: expected {status}, got {(int)response.StatusCode}: {body}");
        var error = (string)JsonNode.Parse(body)!["error"]!;
        foreach (var part in says) Assert.True(error.Contains(part, StringComparison.Ordinal), $"{kind}: expected the error to say \"{part}\": {error}");
        Assert.DoesNotContain(dir.Path, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), body, StringComparison.Ordinal);
        Assert.False(AbsolutePath().IsMatch(error), $"{kind}: the error shows an absolute path: {error}");
    }

    [Fact]
    public async Task The_server_log_keeps_the_model_path_that_the_error_reply_leaves_out()
    {
        using var dir = new TempDir();
        var model = dir.File("labelled.onnx");
        File.Copy(fixture.LabelledModel, model);
        using var child = ChildProcess.Start("serve", "--model", model, "--urls", "http://127.0.0.1:0");
        await child.WaitForLine(l => l.StartsWith("Listening on ", StringComparison.Ordinal));
        var url = child.Stdout.Split('\n').First(l => l.StartsWith("Listening on ", StringComparison.Ordinal))["Listening on ".Length..].Trim();

        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        using (var response = await client.PostAsync("/predict", Json(TensorBody(0, 4))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(dir.Path, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        child.Signal(ChildProcess.SigInt);
        Assert.True(await child.Exit() == 0, child.Describe());

        Assert.Contains($"POST /predict ({model}) rejected with 400: labelled.onnx: input 'input' expects shape [N,1,8,8], received [1,1,4,4].",
            child.Stderr.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    /// <summary>A slash or drive letter that starts a path (not one inside a media type such as image/png).</summary>
    [GeneratedRegex(@"(?<![\w.+-])/\w|\b[A-Za-z]:\\|[/\\][^\s""']*\.onnx")]
    private static partial Regex AbsolutePath();

    private HttpContent ErrorRequest(string kind) => kind switch
    {
        "malformed json" => Json("{\"input\": {\"dims\": [1,1,8,8], \"data\": [0.5,"),
        "wrong shape" => Json(TensorBody(0, 4)),
        "wrong type" => Json(new JsonObject { ["input"] = new JsonObject
            { ["dims"] = new JsonArray(1, 1, 8, 8), ["type"] = "int64", ["data"] = new JsonArray([.. Enumerable.Range(0, 64).Select(i => (JsonNode)i)]) } }.ToJsonString()),
        "unknown input" => Json(TensorBody(0, 8).Replace("\"input\"", "\"pixels\"", StringComparison.Ordinal)),
        "too few values" => Json("{\"input\": {\"dims\": [1,1,8,8], \"data\": [0.5, 0.5, 0.5]}}"),
        "undecodable image" => Image([0x89, 0x50, 0x4E, 0x47, .. Enumerable.Repeat((byte)7, 100)]),
        "empty body" => Image([]),
        "bad top" or "image for a tensor model" => Image(File.ReadAllBytes(fixture.ImageFiles[0])),
        "oversize" => Image(new byte[BodyLimit * 2]),
        "content type" => new StringContent("hello", Encoding.UTF8, "text/plain"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such request kind"),
    };

    /// <summary>Seven kinds of request, interleaved so that every kind is in flight at once.</summary>
    private Probe MakeProbe(int i)
    {
        var image = i % 6;
        return (i % 8) switch
        {
            0 or 1 => new Probe("image", Image(File.ReadAllBytes(fixture.ImageFiles[image])), HttpStatusCode.OK, json => CheckImage(json, image)),
            2 or 3 => new Probe("tensor", Json(TensorBody(image, 8)), HttpStatusCode.OK, json => CheckTensor(json, image)),
            4 => new Probe("malformed json", Json("{\"input\": {\"dims\": [1,1,8,8], \"data\": [0.5,"), HttpStatusCode.BadRequest),
            5 => new Probe("wrong shape", Json(TensorBody(image, 4)), HttpStatusCode.BadRequest, json => Assert.Contains("shape", (string)json["error"]!)),
            6 => i < 16
                ? new Probe("garbage image", Image([0x89, 0x50, 0x4E, 0x47, .. Enumerable.Repeat((byte)7, 100)]), HttpStatusCode.BadRequest)
                : new Probe("empty body", Image([]), HttpStatusCode.BadRequest),
            _ => new Probe("oversize", Image(new byte[BodyLimit * 2]), HttpStatusCode.RequestEntityTooLarge),
        };
    }

    private void CheckImage(JsonNode json, int image)
    {
        var expected = fixture.Expected(image, normalized: true);
        var best = TensorPrimitives.IndexOfMax(expected);
        Assert.Equal(ImageModelFixture.Labels[best], (string)json["label"]!);
        Assert.Equal(expected[best], (float)json["probability"]!, 6);
        var order = Enumerable.Range(0, 3).OrderByDescending(c => expected[c]).ToArray();
        Assert.Equal(order, json["top"]!.AsArray().Select(t => (int)t!["index"]!));
    }

    private void CheckTensor(JsonNode json, int image)
    {
        Assert.Equal("[1,3]", json["output"]!["dims"]!.ToJsonString());
        Assert.Equal(fixture.Expected(image, normalized: false), json["output"]!["data"]!.AsArray().Select(v => (float)v!));
    }

    /// <summary>Image <paramref name="image"/> scaled to [0, 1] as a [1, 1, side, side] tensor (side ≠ 8 is the wrong shape).</summary>
    private string TensorBody(int image, int side)
    {
        var data = fixture.Pixels[image].Take(side * side).Select(b => (JsonNode)(b / 255f));
        return new JsonObject { ["input"] = new JsonObject { ["dims"] = new JsonArray(1, 1, side, side), ["data"] = new JsonArray([.. data]) } }.ToJsonString();
    }

    private static ByteArrayContent Image(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
