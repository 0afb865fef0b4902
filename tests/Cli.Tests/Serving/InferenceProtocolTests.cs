using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Onnxdl.Runtime;
using static Onnxdl.Cli.Tests.V2Client;

namespace Onnxdl.Cli.Tests;

/// <summary>The Open Inference Protocol (KServe v2) and Triton's binary data extension, checked against the specification's shapes.</summary>
public class InferenceProtocolTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    private static readonly long[] TwoImages = [2, 1, ImageModelFixture.Side, ImageModelFixture.Side];

    private string Output => fixture.Predictor.Outputs[0].Name;

    private static float[] Pixels(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextSingle())];
    }

    private async Task<(PredictionServer Server, HttpClient Client)> Start()
    {
        var server = await PredictionServer.StartAsync(
            new ServeOptions([new ModelSource("tiny", fixture.BareModel)], "http://127.0.0.1:0", Device.Cpu, 1 << 20, BatchingOptions.Default),
            CancellationToken.None);
        return (server, new HttpClient { BaseAddress = new Uri(server.Urls[0]) });
    }

    [Fact]
    public async Task Health_server_and_model_metadata_follow_the_protocol()
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready")).StatusCode);
        var metadata = JsonNode.Parse(await client.GetStringAsync("/v2"))!;
        Assert.Equal("onnxdl", (string)metadata["name"]!);
        Assert.False(string.IsNullOrEmpty((string?)metadata["version"]));
        Assert.Contains("binary_tensor_data", metadata["extensions"]!.AsArray().Select(e => (string)e!));

        foreach (var path in new[] { "/v2/models/tiny", "/v2/models/tiny/versions/1" })
        {
            var model = JsonNode.Parse(await client.GetStringAsync(path))!;
            Assert.Equal("tiny", (string)model["name"]!);
            Assert.Equal("[\"1\"]", model["versions"]!.ToJsonString());
            Assert.Equal("onnxruntime_onnx", (string)model["platform"]!);
            Assert.Equal("""[{"name":"input","datatype":"FP32","shape":[-1,1,8,8]}]""", model["inputs"]!.ToJsonString());
            Assert.Equal($$"""[{"name":"{{Output}}","datatype":"FP32","shape":[-1,3]}]""", model["outputs"]!.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path + "/ready")).StatusCode);
        }
        foreach (var (path, says) in new[] { ("/v2/models/other", "Model 'other' is not served here; served models: tiny."), ("/v2/models/tiny/versions/2/ready", "Model 'tiny' has no version '2'") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(says, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Json_tensors_flat_or_nested_give_the_predictors_outputs_and_echo_the_id(bool nested)
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;
        var pixels = Pixels(128, seed: 3);

        using var response = await client.PostAsync("/v2/models/tiny/versions/1/infer", JsonRequest("input", pixels, TwoImages, nested, id: "req-42"));
        var (json, binary) = await Read(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(binary);
        Assert.Equal("tiny", (string)json["model_name"]!);
        Assert.Equal("1", (string)json["model_version"]!);
        Assert.Equal("req-42", (string)json["id"]!);
        var output = Assert.Single(json["outputs"]!.AsArray())!;
        Assert.Equal(Output, (string)output["name"]!);
        Assert.Equal("FP32", (string)output["datatype"]!);
        Assert.Equal("[2,3]", output["shape"]!.ToJsonString());
        Close(Reference(fixture.Predictor, pixels, TwoImages), Floats(output["data"]!));
    }

    [Fact]
    public async Task Binary_tensors_in_and_out_give_the_predictors_outputs()
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;
        var pixels = Pixels(128, seed: 4);
        var expected = Reference(fixture.Predictor, pixels, TwoImages);

        using (var response = await client.PostAsync("/v2/models/tiny/infer", BinaryRequest("input", pixels, TwoImages, new JsonObject { ["binary_data_output"] = true })))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            var (json, binary) = await Read(response);
            Assert.Equal(2 * 3 * sizeof(float), (int)json["outputs"]![0]!["parameters"]!["binary_data_size"]!);
            Close(expected, binary[Output]);
        }
        // A requested output's binary_data=false overrides binary_data_output: JSON data, no binary part.
        var asJson = new JsonArray(new JsonObject { ["name"] = Output, ["parameters"] = new JsonObject { ["binary_data"] = false } });
        using (var response = await client.PostAsync("/v2/models/tiny/infer", BinaryRequest("input", pixels, TwoImages, new JsonObject { ["binary_data_output"] = true }, asJson)))
        {
            Assert.False(response.Headers.Contains(HeaderLength));
            var (json, binary) = await Read(response);
            Assert.Empty(binary);
            Close(expected, Floats(json["outputs"]![0]!["data"]!));
        }
        // Binary input, the output asked for as binary by name.
        var asBinary = new JsonArray(new JsonObject { ["name"] = Output, ["parameters"] = new JsonObject { ["binary_data"] = true } });
        using (var response = await client.PostAsync("/v2/models/tiny/infer", BinaryRequest("input", pixels, TwoImages, outputs: asBinary)))
            Close(expected, (await Read(response)).Binary[Output]);
    }

    [Theory]
    [InlineData("not json", "The request is not valid JSON of the inference protocol")]
    [InlineData("no inputs", "The request has no inputs")]
    [InlineData("unknown datatype", "Input 'input': datatype 'FP16' is not supported; use one of FP32, FP64, INT64, INT32, UINT8, BOOL.")]
    [InlineData("wrong datatype", "Model 'tiny': input 'input' expects FP32, received INT64.")]
    [InlineData("wrong shape", "Model 'tiny': input 'input' expects shape [-1,1,8,8], received [1,1,4,4].")]
    [InlineData("too few values", "Input 'input': its shape holds 64 values, data has 3.")]
    [InlineData("too many values", "Input 'input': data has more than the 1 values its shape holds.")]
    [InlineData("huge shape", "Input 'input': shape [1000000000,1,8,8] holds 64000000000 values, more than the request's")]
    [InlineData("not a number", "Input 'input': data must hold only FP32 values")]
    [InlineData("unknown input", "Model 'tiny' has no input 'pixels'; its inputs: input FP32[-1,1,8,8].")]
    [InlineData("unknown output", "Model 'tiny' has no output 'logits'")]
    [InlineData("binary size", "Input 'input': shape [1,1,8,8] of FP32 needs 256 bytes, binary_data_size is 12.")]
    [InlineData("binary short", "binary_data_size is 256 bytes but only 10 bytes of binary data remain in the body.")]
    [InlineData("binary extra", "The request has 4 bytes of binary data that no input's binary_data_size claims.")]
    [InlineData("header length", "Header Inference-Header-Content-Length must be the JSON part's length in bytes")]
    public async Task Malformed_requests_get_400_with_an_error_that_says_what_was_wrong(string kind, string says)
    {
        var (server, client) = await Start();
        await using var _ = server;
        using var __ = client;

        using var response = await client.PostAsync("/v2/models/tiny/infer", Malformed(kind));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {body}");
        var error = (string)JsonNode.Parse(body)!["error"]!;
        Assert.True(error.Contains(says, StringComparison.Ordinal), $"{kind}: expected \"{says}\" in: {error}");
    }

    private static HttpContent Malformed(string kind)
    {
        var image = new long[] { 1, 1, 8, 8 };
        var pixels = new float[64];
        static HttpContent Text(string json) => new StringContent(json, Encoding.UTF8, "application/json");
        static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        const string binaryInput = """{"inputs":[{"name":"input","shape":[1,1,8,8],"datatype":"FP32","parameters":{"binary_data_size":256}}]}""";
        return kind switch
        {
            "not json" => Text("{\"inputs\": [{\"name\": \"input\","),
            "no inputs" => Text("""{"id": "x"}"""),
            "unknown datatype" => Text("""{"inputs":[{"name":"input","shape":[1],"datatype":"FP16","data":[1]}]}"""),
            "wrong datatype" => Text($$"""{"inputs":[{"name":"input","shape":[1,1,8,8],"datatype":"INT64","data":[{{string.Join(",", new int[64])}}]}]}"""),
            "wrong shape" => JsonRequest("input", new float[16], [1, 1, 4, 4]),
            "too few values" => Text("""{"inputs":[{"name":"input","shape":[1,1,8,8],"datatype":"FP32","data":[1,2,3]}]}"""),
            "too many values" => Text("""{"inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":[1,2]}]}"""),
            "huge shape" => Text("""{"inputs":[{"name":"input","shape":[1000000000,1,8,8],"datatype":"FP32","data":[1]}]}"""),
            "not a number" => Text("""{"inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":["a"]}]}"""),
            "unknown input" => JsonRequest("pixels", pixels, image),
            "unknown output" => JsonRequest("input", pixels, image, outputs: new JsonArray(new JsonObject { ["name"] = "logits" })),
            "binary size" => Binary(Utf8(binaryInput.Replace("256", "12", StringComparison.Ordinal)), new byte[12]),
            "binary short" => Binary(Utf8(binaryInput), new byte[10]),
            "binary extra" => Binary(Utf8(binaryInput), new byte[260]),
            "header length" => HeaderTooLong(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        static HttpContent HeaderTooLong()
        {
            var content = Binary(Utf8(binaryInput), new byte[256]);
            content.Headers.Remove(HeaderLength);
            content.Headers.Add(HeaderLength, "100000");
            return content;
        }
    }
}
