using System.Text.Json;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Transfer learning: an imported graph up to a named value (the cut) with a <see cref="Functional"/> (e.g. <see cref="Sequential"/>) head on
/// top. As an <see cref="INetwork"/> it trains through <see cref="TrainingArtifacts"/> like any model.
/// <para>Frozen base: its initializers stay constants of the graph, so no gradient flows into it. Trainable
/// base: its float initializers (except BatchNormalization's running statistics) become parameters, named as
/// in the imported file. Ops in the trainable part without a gradient rule are refused up front, all named.</para>
/// <para>The base's single data input becomes "input" with a symbolic batch dimension; its nodes keep their
/// names (renamed only on a clash), so the exported model reads like the original in Netron.</para>
/// </summary>
public sealed class TransferModel : INetwork
{
    private readonly List<Node> _nodes;
    private readonly Dictionary<string, Tensor> _constants;
    private readonly Dictionary<string, Tensor> _baseParameters;
    private readonly string _baseInput;

    /// <summary>A base model cut at one value with a new head on top; throws naming the value when it is not in the base.</summary>
    /// <param name="baseModel">The imported model.</param>
    /// <param name="cut">The value of <paramref name="baseModel"/> the head reads.</param>
    /// <param name="cutShape">Per-sample shape of <paramref name="cut"/> (the head's input shape must equal it).</param>
    /// <param name="head">The head; built here with <paramref name="seed"/> unless already built.</param>
    /// <param name="trainBase">True to train the base's parameters too; false keeps them frozen.</param>
    /// <param name="seed">The seed of the head's initialization.</param>
    public TransferModel(OnnxModel baseModel, string cut, int[] cutShape, Functional head, bool trainBase, long seed = 0)
    {
        var source = $"base model '{baseModel.Graph.Name}'";
        if (!head.Input.Shape.SequenceEqual(cutShape))
            throw new ArgumentException(
                $"Head '{head.Name}': its input {Shapes.Format(head.Input.Shape)} (C, H, W order) must equal the per-sample shape " +
                $"{Shapes.Format(cutShape)} of the cut value '{cut}'.");
        Head = head.IsBuilt ? head : head.Build(seed);
        Cut = cut;
        CutShape = cutShape;
        TrainBase = trainBase;
        Opset = Math.Max(baseModel.Opset, OnnxModel.DefaultOpset);

        var graph = baseModel.Graph;
        var slice = Slice(graph, cut, source);
        _nodes = [.. ImportedOps.Upgrade(slice, baseModel.Opset, Opset, source)];
        var used = _nodes.SelectMany(n => n.Inputs).Append(cut).ToHashSet();
        var initializers = graph.Initializers.Where(t => used.Contains(t.Name)).ToList();
        var dataInputs = graph.Inputs.Where(i => used.Contains(i.Name) && graph.Initializer(i.Name) is null).ToList();
        if (dataInputs.Count != 1)
            throw new ArgumentException($"{source}: the cut '{cut}' depends on {dataInputs.Count} data inputs ({string.Join(", ", dataInputs.Select(i => i.Name))}); transfer needs exactly one.");
        _baseInput = dataInputs[0].Name;
        var inputShape = dataInputs[0].Type.Shape ?? throw new ArgumentException($"{source}: input '{_baseInput}' has no shape.");
        BaseInputShape = [.. inputShape.Skip(1).Select(d => (int)(d.Value ?? throw new ArgumentException(
            $"{source}: input '{_baseInput}' has a symbolic non-batch dimension; transfer needs a fixed per-sample shape.")))];

        var statistics = _nodes.Where(n => n.OpType == "BatchNormalization").SelectMany(n => n.Inputs.Skip(3)).ToHashSet();
        var trainable = trainBase ? initializers.Where(t => t.ElementType == ElementType.Float && !statistics.Contains(t.Name)).ToList() : [];
        _baseParameters = trainable.ToDictionary(t => t.Name);
        _constants = initializers.Where(t => !_baseParameters.ContainsKey(t.Name)).ToDictionary(t => t.Name);
        if (trainBase) RequireGradientRules(source);
    }

    /// <summary>The new layers trained on the base's features.</summary>
    public Functional Head { get; }
    /// <summary>The name of the base model's value where the head is attached.</summary>
    public string Cut { get; }
    /// <summary>The shape of the cut value, without the batch dimension.</summary>
    public int[] CutShape { get; }
    /// <summary>True when the base's parameters are trained too; false keeps them frozen.</summary>
    public bool TrainBase { get; }

    /// <summary>The opset of everything emitted: the base's, or 17 when older (the base is moved up, see <see cref="ImportedOps"/>).</summary>
    public long Opset { get; }

    /// <summary>Per-sample shape of the base's input (without its batch dimension).</summary>
    public int[] BaseInputShape { get; }

    /// <inheritdoc/>
    public string Name => $"{Head.Name}_transfer";
    /// <inheritdoc/>
    public TensorType InputType => Shapes.Batched(BaseInputShape);
    /// <inheritdoc/>
    public TensorType OutputType => Head.OutputType;
    /// <inheritdoc/>
    public bool IsBuilt => Head.IsBuilt;

    /// <inheritdoc/>
    public IReadOnlyList<ParameterInfo> ParameterInfos =>
        [.. _baseParameters.Values.Select(t => new ParameterInfo(t.Name, t.Dims, true, "base")), .. Head.ParameterInfos];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> Parameters =>
        _baseParameters.Concat(Head.Parameters).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Takes trained values of every parameter (base ones too when trainable).</summary>
    public void SetParameters(IReadOnlyDictionary<string, Tensor> values)
    {
        RequireBaseParameters(values);
        Head.SetParameters(values.Where(kv => !_baseParameters.ContainsKey(kv.Key)).ToDictionary());
        foreach (var name in _baseParameters.Keys.ToList()) _baseParameters[name] = values[name].WithName(name);
    }

    /// <summary>Builds the head's parameters if it has none (the base brings its own).</summary>
    public TransferModel Build(long seed)
    {
        if (!Head.IsBuilt) Head.Build(seed);
        return this;
    }

    INetwork INetwork.Build(long seed) => Build(seed);

    /// <summary><paramref name="values"/> for exactly this model's parameters, once each is known to be there with its shape.</summary>
    private Dictionary<string, Tensor> Checked(IReadOnlyDictionary<string, Tensor> values)
    {
        var problems = ParameterInfos.Where(p => !values.TryGetValue(p.Name, out var t) || !t.Dims.SequenceEqual(p.Shape)).Select(p => $"'{p.Name}'").ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"Transfer model '{Name}': no value of the parameter's shape for {string.Join(", ", problems)}.");
        return ParameterInfos.ToDictionary(p => p.Name, p => values[p.Name].WithName(p.Name));
    }

    private void RequireBaseParameters(IReadOnlyDictionary<string, Tensor> values)
    {
        var missing = _baseParameters.Keys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"Transfer model '{Name}': missing base parameter(s) {string.Join(", ", missing)}.");
    }

    /// <inheritdoc/>
    public Var Forward(LayerContext ctx, Var input)
    {
        var b = ctx.B;
        var names = new Dictionary<string, string> { [_baseInput] = input.Name, [""] = "" };
        foreach (var (name, tensor) in _constants) names[name] = b.Constant(tensor).Name;
        foreach (var name in _baseParameters.Keys) names[name] = ctx.Param(name).Name;
        foreach (var node in _nodes)
        {
            foreach (var output in node.Outputs.Where(o => o.Length > 0)) names[output] = b.UniqueName(output);
            // A node named like its own output keeps that name: node and value names are separate spaces in ONNX.
            var name = node.Outputs.Contains(node.Name) ? names[node.Name] : b.UniqueName(node.Name.Length > 0 ? node.Name : node.OpType);
            b.Graph.Nodes.Add(new Node(node.OpType, name,
                node.Inputs.Select(i => names[i]), node.Outputs.Select(o => names[o]), node.Attributes)
            {
                Domain = node.Domain,
                DocString = node.DocString.Length > 0 ? node.DocString : "imported base",
            });
        }
        var cut = new Var(names[Cut]);
        b.Annotate(cut, Shapes.Batched(CutShape));
        return Head.Forward(ctx, cut);
    }

    /// <summary>The graph from the base input to the cut alone (for caching features of a frozen base): input "input", output "features".</summary>
    public OnnxModel BaseToCut()
    {
        var b = new GraphBuilder($"{Name}_base", Opset);
        var input = b.Input(ArtifactNames.Input, InputType);
        foreach (var (name, tensor) in _constants.Concat(_baseParameters)) b.Initializer(tensor);
        foreach (var node in _nodes) b.Graph.Nodes.Add(Rename(node, n => n == _baseInput ? input.Name : n));
        b.Output(new Var(Cut), Shapes.Batched(CutShape), "features");
        return new OnnxModel(b.Graph, Opset) { DocString = $"'{Cut}' of the imported base, for feature caching." };
    }

    /// <summary>One model.onnx: base (with its possibly fine-tuned weights) and head, input "input", output "output".</summary>
    public OnnxModel ToOnnx(IReadOnlyList<string>? labels = null, string? preprocessing = null) =>
        ToOnnx(new ExportOptions { Opset = Opset, Labels = labels, Preprocessing = preprocessing });

    /// <summary>
    /// As <see cref="ToOnnx(IReadOnlyList{string}?, string?)"/>, with <see cref="ExportOptions.Parameters"/> exported instead of the
    /// model's own when given. A transfer model keeps its base's opset (<see cref="Opset"/>): <see cref="ExportOptions.Opset"/> does not apply.
    /// </summary>
    public OnnxModel ToOnnx(ExportOptions options)
    {
        var (labels, preprocessing) = (options.Labels, options.Preprocessing);
        var values = options.Parameters is { } given ? Checked(given) : Parameters;
        var b = new GraphBuilder(Name, Opset);
        var input = b.Input(ArtifactNames.Input, InputType);
        var ctx = new LayerContext(b, training: false, name => b.Initializer(values[name]));
        b.Output(Forward(ctx, input), OutputType, ArtifactNames.Output);
        var doc = $"{Name}: imported base up to '{Cut}' {Shapes.Format(CutShape)}, head '{Head.Name}' → {Shapes.Format(Head.OutputShape)}.";
        b.Graph.DocString = doc;
        var model = new OnnxModel(b.Graph, Opset) { DocString = doc };
        model.SetMetadata(MetadataKeys.Producer, $"{OnnxModel.Producer} {model.ProducerVersion}");
        model.SetMetadata(MetadataKeys.HeadSpec, Head.ToJson(indented: false));
        if (labels is not null) model.SetMetadata(MetadataKeys.Labels, JsonSerializer.Serialize(labels));
        if (preprocessing is not null) model.SetMetadata(MetadataKeys.Preprocessing, preprocessing);
        return model;
    }

    private static Node Rename(Node node, Func<string, string> rename) =>
        new(node.OpType, node.Name, node.Inputs.Select(rename), node.Outputs, node.Attributes) { Domain = node.Domain, DocString = node.DocString };

    /// <summary>Throws, listing candidates, when no node of <paramref name="graph"/> outputs <paramref name="cut"/>.</summary>
    public static void RequireCut(OnnxGraph graph, string cut, string source = "base model")
    {
        if (graph.Nodes.Any(n => n.Outputs.Contains(cut))) return;
        throw new ArgumentException(
            $"{source} has no node output '{cut}' to cut at. Outputs of its last nodes: " +
            $"{string.Join(", ", graph.Nodes.TakeLast(8).SelectMany(n => n.Outputs))}; graph outputs: {string.Join(", ", graph.Outputs.Select(o => o.Name))}.");
    }

    /// <summary>The nodes <paramref name="cut"/> depends on, in the graph's (topological) order.</summary>
    private static List<Node> Slice(OnnxGraph graph, string cut, string source)
    {
        RequireCut(graph, cut, source);
        var producers = graph.Producers();
        var needed = new HashSet<Node>();
        var pending = new Stack<string>([cut]);
        while (pending.TryPop(out var value))
            if (producers.TryGetValue(value, out var node) && needed.Add(node))
                foreach (var input in node.Inputs.Where(i => i.Length > 0)) pending.Push(input);
        return [.. graph.Nodes.Where(needed.Contains)];
    }

    /// <summary>Every op between a trainable base parameter and the cut must have a gradient rule; all missing ones are named at once.</summary>
    private void RequireGradientRules(string source)
    {
        var reached = new HashSet<string>(_baseParameters.Keys);
        var missing = new SortedDictionary<string, string>(StringComparer.Ordinal); // op → first node
        foreach (var node in _nodes.Where(n => n.Inputs.Any(reached.Contains)))
        {
            reached.UnionWith(node.Outputs);
            if (!GradientRegistry.Rules.ContainsKey(node.OpType) && !GradientRegistry.NonDifferentiable.Contains(node.OpType))
                missing.TryAdd(node.OpType, node.Name);
        }
        if (missing.Count > 0)
            throw new NotSupportedException(
                $"{source}: cannot train the base: no gradient rule for {string.Join(", ", missing.Select(kv => $"{kv.Key} (node '{kv.Value}')"))}. " +
                "Freeze the base (--freeze-base) or cut the model before these ops.");
    }
}
