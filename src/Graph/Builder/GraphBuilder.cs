namespace Onnxdl.Graph;

/// <summary>
/// Appends nodes to an <see cref="OnnxGraph"/> with deterministic, scope-prefixed names
/// (<c>conv2d_1/Conv</c>, <c>conv2d_1/Conv_1</c>, …), so the same build emits the same bytes.
/// Typed op helpers live in the partial files <c>GraphBuilder.*.cs</c>.
/// </summary>
public sealed partial class GraphBuilder
{
    private readonly HashSet<string> _names;
    private readonly Stack<string> _scopes = new();

    /// <summary>The graph being built.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>Default-domain opset the emitted nodes target (some ops change signature across opsets).</summary>
    public long Opset { get; }

    /// <summary>Starts a new, empty graph named <paramref name="name"/>.</summary>
    public GraphBuilder(string name, long opset = OnnxModel.DefaultOpset) : this(new OnnxGraph(name), opset) { }

    /// <summary>Extends an existing graph (e.g. appends a backward pass); its names stay reserved.</summary>
    public GraphBuilder(OnnxGraph graph, long opset = OnnxModel.DefaultOpset)
    {
        Graph = graph;
        Opset = opset;
        _names = graph.ValueNames();
        foreach (var node in graph.Nodes) _names.Add(node.Name);
    }

    /// <summary>The current name scope (empty at top level): the prefix of the node names being emitted.</summary>
    public string Scope => _scopes.Count == 0 ? "" : _scopes.Peek();

    /// <summary>Prefixes every name made until disposal with <paramref name="name"/>/ (nested scopes join).</summary>
    public IDisposable BeginScope(string name)
    {
        _scopes.Push(Scope + name + "/");
        return new ScopeExit(_scopes);
    }

    private sealed class ScopeExit(Stack<string> scopes) : IDisposable
    {
        public void Dispose() => scopes.Pop();
    }

    /// <summary>A fresh name: the scoped hint if free, else the hint with the first free numeric suffix.</summary>
    public string UniqueName(string hint)
    {
        var baseName = Scope + hint;
        var name = baseName;
        for (var i = 1; !_names.Add(name); i++) name = $"{baseName}_{i}";
        return name;
    }

    /// <summary>Declares that a name is taken (a graph input or output named by the caller).</summary>
    public void Reserve(string name)
    {
        if (!_names.Add(name))
            throw new ArgumentException($"Graph '{Graph.Name}' already has a value or node named '{name}'.");
    }

    /// <summary>Adds a graph input of the given name and type; throws when the name is taken.</summary>
    public Var Input(string name, TensorType type)
    {
        Reserve(name);
        Graph.Inputs.Add(new ValueInfo(name, type));
        return new Var(name);
    }

    /// <summary>
    /// Declares <paramref name="value"/> a graph output named <paramref name="name"/>. A value computed by
    /// a node is renamed in place (an Identity would copy the tensor on every run); graph inputs,
    /// initializers and values already output under another name go through an Identity.
    /// Use the returned Var afterwards: after an in-place rename the old name no longer exists.
    /// </summary>
    public Var Output(Var value, TensorType type, string? name = null)
    {
        var output = value;
        if (name is not null && name != value.Name)
        {
            Reserve(name);
            if (!RenameNodeOutput(value.Name, name))
                Graph.Nodes.Add(new Node("Identity", UniqueName(name + "_identity"), [value.Name], [name]));
            output = new Var(name);
        }
        Graph.Outputs.Add(new ValueInfo(output.Name, type));
        return output;
    }

    private bool RenameNodeOutput(string from, string to)
    {
        if (Graph.Outputs.Exists(o => o.Name == from)) return false;
        var producer = Graph.Nodes.Find(n => n.Outputs.Contains(from));
        if (producer is null) return false;
        foreach (var node in Graph.Nodes)
        {
            for (var i = 0; i < node.Inputs.Count; i++) if (node.Inputs[i] == from) node.Inputs[i] = to;
            for (var i = 0; i < node.Outputs.Count; i++) if (node.Outputs[i] == from) node.Outputs[i] = to;
        }
        foreach (var info in Graph.ValueInfos.Where(v => v.Name == from).ToList())
            Graph.ValueInfos[Graph.ValueInfos.IndexOf(info)] = info with { Name = to };
        return true;
    }

    /// <summary>Adds an initializer under its own name (which must be free).</summary>
    public Var Initializer(Tensor tensor)
    {
        Reserve(tensor.Name);
        return AddReserved(tensor);
    }

    /// <summary>Adds a float scalar initializer.</summary>
    public Var Constant(float value, string hint = "const") =>
        AddReserved(Tensor.Scalar(UniqueName(hint), value));

    /// <summary>Adds a 1-D int64 initializer (shapes, axes).</summary>
    public Var Constant(long[] values, string hint = "const") =>
        AddReserved(Tensor.FromInt64s(UniqueName(hint), [values.Length], values));

    /// <summary>Adds an int64 scalar initializer.</summary>
    public Var ScalarInt64(long value, string hint = "const") =>
        AddReserved(Tensor.FromInt64s(UniqueName(hint), [], [value]));

    /// <summary>Adds <paramref name="value"/> as an initializer (renamed when its name is taken).</summary>
    public Var Constant(Tensor value) => AddReserved(value.WithName(UniqueName(value.Name.Length > 0 ? value.Name : "const")));

    /// <summary>Adds an initializer whose name <see cref="UniqueName"/> already reserved.</summary>
    private Var AddReserved(Tensor tensor)
    {
        Graph.Initializers.Add(tensor);
        return new Var(tensor.Name);
    }

    /// <summary>Records a value's type (value_info), which tools like Netron and our autodiff read.</summary>
    public void Annotate(Var value, TensorType type)
    {
        Graph.ValueInfos.RemoveAll(v => v.Name == value.Name);
        Graph.ValueInfos.Add(new ValueInfo(value.Name, type));
    }

    /// <summary>Appends one node; outputs get names derived from the node's name.</summary>
    public Var[] Node(string opType, IReadOnlyList<Var> inputs, int outputs, params Attr[] attributes)
    {
        var nodeName = UniqueName(opType);
        var outputNames = Enumerable.Range(0, outputs)
            .Select(i => i == 0 ? nodeName : UniqueName($"{nodeName[Scope.Length..]}_out{i}"))
            .ToArray();
        // A node's first output shares the node's name; ONNX keeps node and value names in separate spaces.
        Graph.Nodes.Add(new Node(opType, nodeName, inputs.Select(v => v.Name), outputNames, attributes));
        return [.. outputNames.Select(n => new Var(n))];
    }

    /// <summary>Appends a one-output node.</summary>
    public Var Op(string opType, IReadOnlyList<Var> inputs, params Attr[] attributes) => Node(opType, inputs, 1, attributes)[0];
}
