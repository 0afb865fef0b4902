using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Writes an inference response of the Open Inference Protocol: <c>model_name</c>, <c>model_version</c>, the request's
/// <c>id</c> and the requested outputs (all when none were named), each as JSON <c>data</c> or, when asked for with
/// <c>binary_data</c>/<c>binary_data_output</c>, as raw little-endian bytes after the JSON header whose length goes in
/// <see cref="HeaderLength"/>. The outputs are serialized once, straight from the run's arrays.
/// </summary>
internal static class InferResponseWriter
{
    /// <summary>The binary data extension's header: the length of the JSON part of a body with binary tensors.</summary>
    public const string HeaderLength = "Inference-Header-Content-Length";

    private readonly record struct BinaryTensor(Array Data, int ByteStart, int ByteCount);

    public static async Task WriteAsync(HttpContext context, ServedModel model, InferRequest request, OutputRows rows)
    {
        var header = new ArrayBufferWriter<byte>(256);
        var binary = new List<BinaryTensor>();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteString("model_name", model.Name);
            json.WriteString("model_version", model.Version);
            if (request.Id is not null) json.WriteString("id", request.Id);
            json.WriteStartArray("outputs");
            foreach (var output in Requested(model, request))
                WriteOutput(json, output.Name, rows, output.Binary ?? request.BinaryOutput, binary);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (binary.Count == 0)
        {
            response.ContentType = "application/json";
        }
        else
        {
            response.ContentType = "application/octet-stream";
            response.Headers[HeaderLength] = header.WrittenCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.ContentLength = header.WrittenCount + binary.Sum(b => (long)b.ByteCount);
        var body = response.BodyWriter;
        body.Write(header.WrittenSpan);
        foreach (var tensor in binary)
            body.Write(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(tensor.Data), tensor.ByteStart + tensor.ByteCount)[tensor.ByteStart..]);
        await body.FlushAsync(context.RequestAborted);
    }

    private static IEnumerable<RequestedOutput> Requested(ServedModel model, InferRequest request) =>
        request.Outputs.Count > 0 ? request.Outputs : model.Predictor.Outputs.Select(o => new RequestedOutput(o.Name, null));

    private static void WriteOutput(Utf8JsonWriter json, string name, OutputRows rows, bool asBinary, List<BinaryTensor> binary)
    {
        var tensor = rows.Outputs[name];
        var (dims, start, count) = rows.Slice(tensor);
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("datatype", TensorDatatype.NameOf(tensor.ElementType));
        json.WriteStartArray("shape");
        foreach (var d in dims) json.WriteNumberValue(d);
        json.WriteEndArray();
        if (asBinary)
        {
            var size = TensorDatatype.SizeOf(tensor.ElementType);
            binary.Add(new BinaryTensor(tensor.Data, start * size, count * size));
            json.WriteStartObject("parameters");
            json.WriteNumber("binary_data_size", count * size);
            json.WriteEndObject();
        }
        else
        {
            json.WriteStartArray("data");
            WriteValues(json, tensor.Data, start, count);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, Array data, int start, int count)
    {
        switch (data)
        {
            case float[] f: foreach (var v in f.AsSpan(start, count)) WriteFloat(json, v); break;
            case double[] d: foreach (var v in d.AsSpan(start, count)) WriteFloat(json, v); break;
            case long[] l: foreach (var v in l.AsSpan(start, count)) json.WriteNumberValue(v); break;
            case int[] i: foreach (var v in i.AsSpan(start, count)) json.WriteNumberValue(v); break;
            case byte[] b: foreach (var v in b.AsSpan(start, count)) json.WriteNumberValue(v); break;
            case bool[] b: foreach (var v in b.AsSpan(start, count)) json.WriteBooleanValue(v); break;
        }
    }

    /// <summary>JSON has no NaN or infinities; they are written as the strings "NaN", "Infinity", "-Infinity" (System.Text.Json's named literals).</summary>
    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value)) json.WriteNumberValue(value);
        else WriteFloat(json, (double)value);
    }
}
