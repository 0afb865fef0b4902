namespace Onnxdl.Graph;

/// <summary>
/// One operator application. Inputs and outputs are value names; an empty name is an omitted optional
/// input or output, as in ONNX.
/// </summary>
public sealed class Node
{
    public string OpType { get; set; }
    public string Name { get; set; }
    public string Domain { get; set; } = "";
    public List<string> Inputs { get; }
    public List<string> Outputs { get; }
    public List<Attr> Attributes { get; } = [];
    public string DocString { get; set; } = "";

    public Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, IEnumerable<Attr>? attributes = null)
    {
        OpType = opType;
        Name = name;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        if (attributes is not null) Attributes.AddRange(attributes);
    }

    public Attr? Attribute(string name) => Attributes.Find(a => a.Name == name);

    public long Int(string name, long fallback) => Attribute(name)?.I ?? fallback;
    public float Float(string name, float fallback) => Attribute(name)?.F ?? fallback;
    public string String(string name, string fallback) => Attribute(name)?.S ?? fallback;
    public long[]? Ints(string name) => Attribute(name)?.Ints;

    /// <summary>Input <paramref name="i"/>'s name, or "" when the optional input is omitted.</summary>
    public string Input(int i) => i < Inputs.Count ? Inputs[i] : "";

    public override string ToString() => $"{OpType} '{Name}'";
}
