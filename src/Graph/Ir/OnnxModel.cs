namespace Onnxdl.Graph;

/// <summary>An ONNX model: a graph plus the opsets it uses, producer and metadata_props.</summary>
public sealed class OnnxModel
{
    /// <summary>The producer_name this library writes.</summary>
    public const string Producer = "onnxdl";
    /// <summary>The default-domain opset models are written for unless asked otherwise (17).</summary>
    public const long DefaultOpset = 17;

    /// <summary>The main graph.</summary>
    public OnnxGraph Graph { get; set; }
    /// <summary>The ONNX IR version (the constructor sets the one that matches the opset).</summary>
    public long IrVersion { get; set; }
    /// <summary>The operator sets the model imports.</summary>
    public List<OpsetId> Opsets { get; } = [];
    /// <summary>The producer_name field.</summary>
    public string ProducerName { get; set; } = Producer;
    /// <summary>The producer_version field (this assembly's version by default).</summary>
    public string ProducerVersion { get; set; } = typeof(OnnxModel).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    /// <summary>The model's domain field.</summary>
    public string Domain { get; set; } = "";
    /// <summary>The model_version field.</summary>
    public long ModelVersion { get; set; }
    /// <summary>Free-text documentation stored with the model.</summary>
    public string DocString { get; set; } = "";

    /// <summary>metadata_props in insertion order (kept ordered so serialization is byte-stable).</summary>
    public List<KeyValuePair<string, string>> Metadata { get; } = [];

    /// <summary>A model around <paramref name="graph"/> importing the default domain at <paramref name="opset"/>.</summary>
    public OnnxModel(OnnxGraph graph, long opset = DefaultOpset)
    {
        Graph = graph;
        Opsets.Add(new OpsetId("", opset));
        IrVersion = IrVersionFor(opset);
    }

    /// <summary>The default-domain opset version (0 when the model imports none).</summary>
    public long Opset => Opsets.Find(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;

    /// <summary>The metadata_props value under <paramref name="key"/>, or null.</summary>
    public string? GetMetadata(string key) => Metadata.Find(kv => kv.Key == key) is { Key: not null } kv ? kv.Value : null;

    /// <summary>Sets (or replaces) the metadata_props value under <paramref name="key"/>.</summary>
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
