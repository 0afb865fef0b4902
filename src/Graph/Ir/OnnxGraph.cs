namespace Onnxdl.Graph;

/// <summary>An ONNX graph: nodes in topological order, typed inputs/outputs, initializers.</summary>
public sealed class OnnxGraph
{
    /// <summary>The graph name.</summary>
    public string Name { get; set; }
    /// <summary>Free-text documentation stored with the graph.</summary>
    public string DocString { get; set; } = "";
    /// <summary>The nodes, in topological order.</summary>
    public List<Node> Nodes { get; } = [];
    /// <summary>The graph inputs (initializers are not listed here).</summary>
    public List<ValueInfo> Inputs { get; } = [];
    /// <summary>The graph outputs.</summary>
    public List<ValueInfo> Outputs { get; } = [];
    /// <summary>Type and shape information for intermediate values.</summary>
    public List<ValueInfo> ValueInfos { get; } = [];
    /// <summary>The constant tensors: parameters and constants.</summary>
    public List<Tensor> Initializers { get; } = [];

    /// <summary>An empty graph named <paramref name="name"/>.</summary>
    public OnnxGraph(string name) => Name = name;

    /// <summary>The initializer named <paramref name="name"/>, or null.</summary>
    public Tensor? Initializer(string name) => Initializers.Find(t => t.Name == name);

    /// <summary>The initializer named <paramref name="name"/>; throws naming it when there is none.</summary>
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
