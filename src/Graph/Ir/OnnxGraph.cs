namespace Onnxdl.Graph;

/// <summary>An ONNX graph: nodes in topological order, typed inputs/outputs, initializers.</summary>
public sealed class OnnxGraph
{
    public string Name { get; set; }
    public string DocString { get; set; } = "";
    public List<Node> Nodes { get; } = [];
    public List<ValueInfo> Inputs { get; } = [];
    public List<ValueInfo> Outputs { get; } = [];
    public List<ValueInfo> ValueInfos { get; } = [];
    public List<Tensor> Initializers { get; } = [];

    public OnnxGraph(string name) => Name = name;

    public Tensor? Initializer(string name) => Initializers.Find(t => t.Name == name);

    public Tensor RequireInitializer(string name) =>
        Initializer(name) ?? throw new KeyNotFoundException(
            $"Graph '{Name}' has no initializer '{name}'. It has: {string.Join(", ", Initializers.Select(t => t.Name))}.");

    /// <summary>The known type of a value: a graph input/output, an annotated value or an initializer.</summary>
    public TensorType? TypeOf(string name)
    {
        var info = Inputs.Find(v => v.Name == name) ?? ValueInfos.Find(v => v.Name == name) ?? Outputs.Find(v => v.Name == name);
        if (info is not null) return info.Type;
        var init = Initializer(name);
        return init is null ? null : new TensorType(init.ElementType, init.Dims.Select(Dim.Of).ToArray());
    }

    /// <summary>Map from value name to the node that produces it.</summary>
    public Dictionary<string, Node> Producers()
    {
        var map = new Dictionary<string, Node>();
        foreach (var node in Nodes)
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
                map[output] = node;
        return map;
    }

    /// <summary>True when <paramref name="value"/> is read by <paramref name="consumer"/> alone and is not a graph output.</summary>
    public bool OnlyFeeds(string value, Node consumer) =>
        Outputs.All(o => o.Name != value) && Nodes.All(n => n == consumer || !n.Inputs.Contains(value));

    /// <summary>Every value name in use (inputs, initializers, node outputs).</summary>
    public HashSet<string> ValueNames()
    {
        var names = new HashSet<string>(Inputs.Select(v => v.Name));
        names.UnionWith(Initializers.Select(t => t.Name));
        foreach (var node in Nodes) names.UnionWith(node.Outputs.Where(o => o.Length > 0));
        return names;
    }
}
