namespace Onnxdl.Graph;

/// <summary>An ONNX model: a graph plus the opsets it uses, producer and metadata_props.</summary>
public sealed class OnnxModel
{
    public const string Producer = "onnxdl";
    public const long DefaultOpset = 17;

    public OnnxGraph Graph { get; set; }
    public long IrVersion { get; set; }
    public List<OpsetId> Opsets { get; } = [];
    public string ProducerName { get; set; } = Producer;
    public string ProducerVersion { get; set; } = typeof(OnnxModel).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public string Domain { get; set; } = "";
    public long ModelVersion { get; set; }
    public string DocString { get; set; } = "";

    /// <summary>metadata_props in insertion order (kept ordered so serialization is byte-stable).</summary>
    public List<KeyValuePair<string, string>> Metadata { get; } = [];

    public OnnxModel(OnnxGraph graph, long opset = DefaultOpset)
    {
        Graph = graph;
        Opsets.Add(new OpsetId("", opset));
        IrVersion = IrVersionFor(opset);
    }

    /// <summary>The default-domain opset version (0 when the model imports none).</summary>
    public long Opset => Opsets.Find(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;

    public string? GetMetadata(string key) => Metadata.Find(kv => kv.Key == key) is { Key: not null } kv ? kv.Value : null;

    public void SetMetadata(string key, string value)
    {
        Metadata.RemoveAll(kv => kv.Key == key);
        Metadata.Add(new(key, value));
    }

    /// <summary>The IR version released with an opset (ONNX's versioning table), so older runtimes accept the file.</summary>
    public static long IrVersionFor(long opset) => opset switch
    {
        <= 8 => 3,
        9 => 4,
        10 => 5,
        11 => 6,
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };
}
