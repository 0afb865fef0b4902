using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Onnxdl.Runtime;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// A minimal Open Inference Protocol client written from the specification (KServe's <c>inference_rest.md</c>, Triton's
/// <c>extension_binary_data.md</c>), independent of the server's reader and writer: JSON bodies built with
/// <see cref="JsonNode"/>, binary bodies laid out by hand.
/// </summary>
internal static class V2Client
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>A JSON request with one FP32 input whose data is flat or nested to the shape.</summary>
    public static HttpContent JsonRequest(string input, float[] data, long[] shape, bool nested = false, string? id = null, JsonArray? outputs = null)
    {
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = input,
                ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
                ["datatype"] = "FP32",
                ["data"] = nested ? Nest(data, shape) : new JsonArray([.. data.Select(v => (JsonNode)v)]),
            }),
        };
        if (id is not null) body["id"] = id;
        if (outputs is not null) body["outputs"] = outputs;
        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>A binary request: the JSON header naming one FP32 input by <c>binary_data_size</c>, then its bytes.</summary>
    public static HttpContent BinaryRequest(string input, float[] data, long[] shape, JsonNode? parameters = null, JsonArray? outputs = null)
    {
        var bytes = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = input,
                ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
                ["datatype"] = "FP32",
                ["parameters"] = new JsonObject { ["binary_data_size"] = bytes.Length },
            }),
        };
        if (parameters is not null) header["parameters"] = parameters;
        if (outputs is not null) header["outputs"] = outputs;
        return Binary(Encoding.UTF8.GetBytes(header.ToJsonString()), bytes);
    }

    /// <summary>A body of <paramref name="json"/> then <paramref name="tensors"/>, with the header giving the JSON's length.</summary>
    public static HttpContent Binary(byte[] json, byte[] tensors)
    {
        var content = new ByteArrayContent([.. json, .. tensors]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    /// <summary>The response's JSON part and, per binary output (by name), its float values.</summary>
    public static async Task<(JsonNode Json, Dictionary<string, float[]> Binary)> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var jsonLength = response.Headers.TryGetValues(HeaderLength, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : body.Length;
        var json = JsonNode.Parse(body.AsSpan(0, jsonLength))!;
        var binary = new Dictionary<string, float[]>();
        var offset = jsonLength;
        foreach (var output in json["outputs"]!.AsArray())
        {
            if (output!["parameters"]?["binary_data_size"] is not { } size) continue;
            binary[(string)output["name"]!] = MemoryMarshal.Cast<byte, float>(body.AsSpan(offset, (int)size)).ToArray();
            offset += (int)size;
        }
        Assert.Equal(body.Length, offset);
        return (json, binary);
    }

    /// <summary>What the model gives for <paramref name="data"/>, run directly by a <see cref="Predictor"/>.</summary>
    public static float[] Reference(Predictor predictor, float[] data, long[] shape) => predictor.Predict(TensorData.Of(data, shape)).Floats;

    public static float[] Floats(JsonNode data) => [.. data.AsArray().Select(v => (float)v!)];

    public static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * Math.Abs(expected[i]), $"value {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static JsonArray Nest(float[] data, long[] shape)
    {
        if (shape.Length == 1) return new JsonArray([.. data.Select(v => (JsonNode)v)]);
        var chunk = data.Length / (int)shape[0];
        return new JsonArray([.. Enumerable.Range(0, (int)shape[0]).Select(i => (JsonNode)Nest(data[(i * chunk)..((i + 1) * chunk)], shape[1..]))]);
    }
}
