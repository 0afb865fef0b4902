using System.Text.Json;
using System.Text.Json.Nodes;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The CLI's tensor exchange format: <c>{"NAME":{"dims":[…],"data":[…]}}</c>. Floats by default;
/// <c>"type":"int64"</c> selects integers.
/// </summary>
internal static class TensorJson
{
    public static Dictionary<string, TensorData> Read(string json, string source)
    {
        var root = Parse(json, source) as JsonObject
            ?? throw new UsageException($"{source}: expected a JSON object {{\"NAME\":{{\"dims\":[…],\"data\":[…]}}}}.");
        return root.ToDictionary(kv => kv.Key, kv => ReadOne(kv.Key, kv.Value, source));
    }

    private static JsonNode? Parse(string json, string source)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException e)
        {
            throw new UsageException($"{source} is not valid JSON ({e.Message}); expected {{\"NAME\":{{\"dims\":[…],\"data\":[…]}}}}.", e);
        }
    }

    private static TensorData ReadOne(string name, JsonNode? node, string source)
    {
        string Where() => $"{source}: tensor '{name}'";
        if (node is not JsonObject obj || obj["dims"] is not JsonArray dims || obj["data"] is not JsonArray data)
            throw new UsageException($"{Where()}: expected {{\"dims\":[…],\"data\":[…]}}.");
        long[] shape;
        try { shape = [.. dims.Select(d => d!.GetValue<long>())]; }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new UsageException($"{Where()}: dims must be integers.", e);
        }
        var type = obj["type"]?.GetValue<string>() ?? "float32";
        Array values = type switch
        {
            "float32" or "float" => Numbers(data, n => n.GetValue<float>(), Where),
            "int64" => Numbers(data, n => n.GetValue<long>(), Where),
            _ => throw new UsageException($"{Where()}: type '{type}' is not supported; use float32 or int64."),
        };
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (shape.Any(d => d < 0) || count != values.LongLength)
            throw new UsageException($"{Where()}: dims [{string.Join(",", shape)}] need {count} values, data has {values.LongLength}.");
        return new TensorData(shape, values);
    }

    private static T[] Numbers<T>(JsonArray data, Func<JsonNode, T> read, Func<string> where)
    {
        try { return [.. data.Select(n => read(n!))]; }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new UsageException($"{where()}: data must be numbers of the tensor's type.", e);
        }
    }

    public static string Write(IReadOnlyDictionary<string, TensorData> tensors)
    {
        var root = new JsonObject();
        foreach (var (name, t) in tensors)
        {
            var data = new JsonArray();
            foreach (var v in t.Data) data.Add(Number(v));
            root[name] = new JsonObject { ["dims"] = new JsonArray([.. t.Dims.Select(d => (JsonNode)d)]), ["data"] = data };
        }
        return root.ToJsonString();
    }

    // Typed values: a JsonValue over a boxed object needs reflection metadata that custom options do not carry.
    private static JsonValue Number(object value) => value switch
    {
        float f => JsonValue.Create(f),
        double d => JsonValue.Create(d),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        bool b => JsonValue.Create(b),
        _ => throw new NotSupportedException($"Tensors of {value.GetType().Name} cannot be written as JSON."),
    };
}
