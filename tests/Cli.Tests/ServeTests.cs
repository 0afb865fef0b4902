using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Onnxdl.Runtime;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli.Tests;

public class ServeTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
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
