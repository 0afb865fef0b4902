namespace Onnxdl.Graph;

/// <summary>
/// One operator application. Inputs and outputs are value names; an empty name is an omitted optional
/// input or output, as in ONNX.
/// </summary>
public sealed class Node
{
    /// <summary>The operator, e.g. "Conv".</summary>
    public string OpType { get; set; }
    /// <summary>The node name, unique within its graph.</summary>
    public string Name { get; set; }
    /// <summary>The operator set domain; empty for the default <c>ai.onnx</c>.</summary>
    public string Domain { get; set; } = "";
    /// <summary>The input value names, in the operator's order (empty string = omitted optional input).</summary>
    public List<string> Inputs { get; }
    /// <summary>The output value names.</summary>
    public List<string> Outputs { get; }
    /// <summary>The attributes.</summary>
    public List<Attr> Attributes { get; } = [];
    /// <summary>Free-text documentation stored with the node.</summary>
    public string DocString { get; set; } = "";

    /// <summary>A node of <paramref name="opType"/> reading <paramref name="inputs"/> and writing <paramref name="outputs"/>.</summary>
    public Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, IEnumerable<Attr>? attributes = null)
    {
        OpType = opType;
        Name = name;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        if (attributes is not null) Attributes.AddRange(attributes);
    }

    /// <summary>The attribute named <paramref name="name"/>, or null.</summary>
    public Attr? Attribute(string name) => Attributes.Find(a => a.Name == name);

    /// <summary>An int attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) => Attribute(name)?.I ?? fallback;
    /// <summary>A float attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public float Float(string name, float fallback) => Attribute(name)?.F ?? fallback;
    /// <summary>A string attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public string String(string name, string fallback) => Attribute(name)?.S ?? fallback;
    /// <summary>An ints attribute's value, or null when absent.</summary>
    public long[]? Ints(string name) => Attribute(name)?.Ints;

    /// <summary>Input <paramref name="i"/>'s name, or "" when the optional input is omitted.</summary>
    public string Input(int i) => i < Inputs.Count ? Inputs[i] : "";

    /// <inheritdoc/>
    public override string ToString() => $"{OpType} '{Name}'";
}
