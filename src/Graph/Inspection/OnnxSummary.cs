using System.Text;
using System.Text.Json;

namespace Onnxdl.Graph;

/// <summary>
/// What any ONNX model holds, for imported models without a spec: inputs/outputs with types, opsets, an op
/// histogram (subgraphs included) and the parameter count (initializer elements; inputs that are also
/// initializers are left out of <see cref="Inputs"/>).
/// </summary>
public sealed record OnnxSummary(
    string GraphName,
    string Producer,
    IReadOnlyList<ValueInfo> Inputs,
    IReadOnlyList<ValueInfo> Outputs,
    IReadOnlyList<OpsetId> Opsets,
    IReadOnlyList<KeyValuePair<string, int>> OpHistogram,
    long NodeCount,
    long ParameterCount)
{
    /// <summary>Summarizes any ONNX model: inputs, outputs, op counts, opsets and parameter counts.</summary>
    public static OnnxSummary Of(OnnxModel model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializers.Select(t => t.Name).ToHashSet();
        var histogram = new Dictionary<string, int>();
        var nodes = CountOps(graph, histogram);
        return new OnnxSummary(
            graph.Name,
            $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            [.. graph.Inputs.Where(v => !initializers.Contains(v.Name))],
            graph.Outputs,
            model.Opsets,
            [.. histogram.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)],
            nodes,
            graph.Initializers.Sum(t => t.ElementCount()));
    }

    /// <summary>The summary as an aligned text table (what <c>onnxdl summary MODEL.onnx</c> prints).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append($"Graph: \"{GraphName}\" (producer: {Producer})\n");
        text.Append($"Opsets: {string.Join(", ", Opsets.Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)} {o.Version}"))}\n");
        foreach (var v in Inputs) text.Append($"Input  {v.Name}: {v.Type}\n");
        foreach (var v in Outputs) text.Append($"Output {v.Name}: {v.Type}\n");
        text.Append($"Nodes: {NodeCount}\n");
        foreach (var (op, count) in OpHistogram) text.Append($"  {op,-24}{count}\n");
        return text.Append($"Parameters: {ParameterCount:N0}\n").ToString();
    }

    /// <summary>{"graph","producer","inputs":[{"name","type"}],"outputs":[…],"opsets":[{"domain","version"}],"ops":{"Conv":1,…},"nodes","parameters"}.</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("graph", GraphName);
            json.WriteString("producer", Producer);
            WriteValues(json, "inputs", Inputs);
            WriteValues(json, "outputs", Outputs);
            json.WriteStartArray("opsets");
            foreach (var o in Opsets)
            {
                json.WriteStartObject();
                json.WriteString("domain", o.Domain);
                json.WriteNumber("version", o.Version);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("ops");
            foreach (var (op, count) in OpHistogram) json.WriteNumber(op, count);
            json.WriteEndObject();
            json.WriteNumber("nodes", NodeCount);
            json.WriteNumber("parameters", ParameterCount);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValues(Utf8JsonWriter json, string field, IReadOnlyList<ValueInfo> values)
    {
        json.WriteStartArray(field);
        foreach (var v in values)
        {
            json.WriteStartObject();
            json.WriteString("name", v.Name);
            json.WriteString("type", v.Type.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Counts ops of the graph and of every subgraph attribute (If/Loop/Scan bodies); op keys carry a non-default domain.</summary>
    private static long CountOps(OnnxGraph graph, Dictionary<string, int> histogram)
    {
        long count = 0;
        foreach (var node in graph.Nodes)
        {
            var key = node.Domain is "" or "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
            count++;
            foreach (var sub in node.Attributes.Where(a => a.G is not null)) count += CountOps(sub.G!, histogram);
        }
        return count;
    }
}
