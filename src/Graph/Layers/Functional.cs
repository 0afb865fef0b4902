using System.Text.Json;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Graph.Layers;

/// <summary>
/// A network of layers wired as a directed acyclic graph, Keras' functional API: layers are called on
/// <see cref="KerasTensor"/>s and the model is made from its input and output
/// (<c>new Functional("name", x, z)</c>). <see cref="Sequential"/> is the special case of a chain.
/// Shapes are inferred as layers are added (an error names the layer that does not fit); <see cref="Build"/>
/// creates the parameters; <see cref="Forward"/> emits the graph into any builder (export, training step);
/// <see cref="ToOnnx(ExportOptions)"/> writes the inference model.
/// <para>Layers are kept in a topological order (the order they were called in); a layer without a name gets
/// <c>{prefix}_{k}</c> (conv2d_1, add_2, …), k being the smallest k ≥ 1 not used by an earlier layer, so names
/// depend only on the model, not on process history. "input" names the model input and no layer.</para>
/// </summary>
public class Functional : INetwork
{
    /// <summary>The index standing for the model input in <see cref="LayerInputs"/>.</summary>
    public const int ModelInputIndex = -1;

    /// <summary>How the model input is referred to in "inputs" of a spec and in the summary's "Connected to".</summary>
    public const string InputName = "input";

    private readonly List<Layer> _layers = [];
    private readonly List<int[]> _layerInputs = [];
    private readonly List<int[]> _outputShapes = [];
    private readonly List<(ParameterInfo Info, ParameterInit Init)> _parameters = [];
    private Dictionary<string, Tensor>? _values;

    /// <summary>
    /// The network that computes <paramref name="output"/> from <paramref name="input"/>: every layer on a path
    /// between them, in the order they were called. Layers get their input shapes here and unnamed ones are named.
    /// </summary>
    public Functional(string name, ModelInput input, KerasTensor output) : this(name, input)
    {
        var index = new Dictionary<KerasTensor, int> { [input.Tensor] = ModelInputIndex };
        foreach (var tensor in Ancestors(output).OrderBy(t => t.Order))
        {
            if (tensor.Layer is not { } layer)
            {
                if (!ReferenceEquals(tensor, input.Tensor))
                    throw new ArgumentException($"Model '{Name}': the output depends on {tensor.Source}, which is not the model's input {input}.");
                continue;
            }
            AddNode(layer, [.. tensor.Inputs.Select(t => index[t])]);
            index[tensor] = _layers.Count - 1;
        }
        OutputIndex = index[output];
    }

    /// <summary>An empty network on <paramref name="input"/> (for <see cref="Sequential"/>, which adds its layers itself).</summary>
    private protected Functional(string name, ModelInput input)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A model needs a non-empty name.", nameof(name));
        Name = name;
        Input = input;
    }

    /// <summary>The network's name (the ONNX graph name).</summary>
    public string Name { get; }
    /// <summary>The input.</summary>
    public ModelInput Input { get; }
    /// <summary>The layers in a topological order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>For each layer, the layers whose outputs it takes, by index (<see cref="ModelInputIndex"/> = the model input).</summary>
    public IReadOnlyList<IReadOnlyList<int>> LayerInputs => _layerInputs;

    /// <summary>The index of the layer whose output is the model's (<see cref="ModelInputIndex"/> when there are no layers).</summary>
    public int OutputIndex { get; private protected set; } = ModelInputIndex;

    /// <summary>Per-sample output shape of layer i.</summary>
    public IReadOnlyList<int[]> LayerOutputShapes => _outputShapes;

    /// <summary>Per-sample output shape of the model.</summary>
    public int[] OutputShape => ShapeOf(OutputIndex);

    /// <summary>The batched input type, [N, …].</summary>
    public TensorType InputType => Shapes.Batched(Input.Shape);
    /// <summary>The batched output type, [N, …].</summary>
    public TensorType OutputType => Shapes.Batched(OutputShape);

    /// <summary>Every parameter in layer order (within a layer: kernel, bias; gamma, beta, moving_mean, moving_variance).</summary>
    public IReadOnlyList<ParameterInfo> ParameterInfos => [.. _parameters.Select(p => p.Info)];

    /// <summary>True once parameters have values (after <see cref="Build"/> or loading).</summary>
    public bool IsBuilt => _values is not null;

    /// <summary>Parameter name → value, in <see cref="ParameterInfos"/> order. Throws until <see cref="Build"/>.</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters =>
        _values ?? throw new InvalidOperationException($"Model '{Name}' has no parameters yet; call Build(seed) first.");

    /// <summary>The Keras class name of the model ("Functional", "Sequential"), used in the ONNX doc string.</summary>
    private protected virtual string Kind => "Functional";

    /// <summary>Creates every parameter with its Keras initializer; each kernel draws from its own stream of <paramref name="seed"/>.</summary>
    public Functional Build(long seed)
    {
        _values = _parameters.ToDictionary(p => p.Info.Name, p => ParameterValues.Create(p.Info, p.Init, seed));
        return this;
    }

    INetwork INetwork.Build(long seed) => Build(seed);

    /// <summary>
    /// Replaces all parameters (e.g. trained values). Every missing, unexpected, non-float or mis-shaped
    /// tensor is named in one error; nothing changes unless all are right.
    /// </summary>
    public void SetParameters(IReadOnlyDictionary<string, Tensor> values) => _values = Checked(values, "set");

    /// <summary>
    /// Emits every layer into <paramref name="ctx"/>'s builder, each inside <c>B.BeginScope(layer.Name)</c>;
    /// new nodes get the layer's label as doc string and each layer output is annotated with its type. A node
    /// the builder's opset cannot express fails here, naming the layer and the op.
    /// </summary>
    public Var Forward(LayerContext ctx, Var input)
    {
        var outputs = new Var[_layers.Count];
        Var ValueOf(int index) => index == ModelInputIndex ? input : outputs[index];
        for (var i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            var inputs = _layerInputs[i].Select(ValueOf).ToArray();
            var first = ctx.B.Graph.Nodes.Count;
            Var y;
            using (ctx.B.BeginScope(layer.Name)) y = layer.Forward(ctx, inputs);
            foreach (var node in ctx.B.Graph.Nodes.Skip(first))
            {
                OpsetSupport.Require(node, ctx.B.Opset, layer.Label);
                if (node.DocString.Length == 0) node.DocString = layer.Label;
            }
            if (!inputs.Contains(y)) ctx.B.Annotate(y, Shapes.Batched(_outputShapes[i]));
            outputs[i] = y;
        }
        return ValueOf(OutputIndex);
    }

    /// <summary>The inference model with the default <see cref="ExportOptions"/>.</summary>
    public OnnxModel ToOnnx() => ToOnnx(new ExportOptions());

    /// <summary>
    /// The inference model: input "input" [N, ...], output "output", parameters as initializers,
    /// metadata producer / onnxdl.spec / onnxdl.labels / onnxdl.preprocessing. The network itself is not changed.
    /// </summary>
    public OnnxModel ToOnnx(ExportOptions options)
    {
        if (options.Opset is < ExportOptions.MinOpset or > ExportOptions.MaxOpset)
            throw new ArgumentException(
                $"Model '{Name}': opset {options.Opset} is not supported, expected {ExportOptions.MinOpset} to {ExportOptions.MaxOpset}.");
        var values = options.Parameters is { } given ? Checked(given, "export") : Parameters;
        CheckLabels(options.Labels);

        var b = new GraphBuilder(Name, options.Opset);
        var input = b.Input(ArtifactNames.Input, InputType);
        var ctx = new LayerContext(b, training: false, name => b.Initializer(values[name]));
        b.Output(Forward(ctx, input), OutputType, ArtifactNames.Output);

        var doc = options.DocString ?? $"{Name}: {Kind} model, input {Shapes.Format(Input.Shape)} (NCHW per sample), output {Shapes.Format(OutputShape)}.";
        b.Graph.DocString = doc;
        var model = new OnnxModel(b.Graph, options.Opset) { DocString = doc };
        model.SetMetadata(MetadataKeys.Producer, $"{OnnxModel.Producer} {model.ProducerVersion}");
        model.SetMetadata(MetadataKeys.Spec, ModelSpec.ToJson(this, indented: false));
        if (options.Labels is { } labels) model.SetMetadata(MetadataKeys.Labels, JsonSerializer.Serialize(labels));
        if (options.Preprocessing is { } preprocessing) model.SetMetadata(MetadataKeys.Preprocessing, preprocessing);
        return model;
    }

    /// <summary>The Keras-style summary: layers, output shapes, parameter counts (and "Connected to" unless a chain).</summary>
    public SummaryInfo Summarize() => SummaryInfo.Of(this);

    /// <summary>Keras' model.summary() table.</summary>
    public string Summary() => Summarize().ToText();

    /// <summary>The specification as JSON (see <see cref="ModelSpec"/>).</summary>
    public string ToJson(bool indented = true) => ModelSpec.ToJson(this, indented);

    /// <summary>The name a spec or summary uses for the value at <paramref name="index"/> (a layer or the model input).</summary>
    public string NameOf(int index) => index == ModelInputIndex ? InputName : _layers[index].Name;

    /// <summary>Parameter count per layer: (total, trainable).</summary>
    internal (long Total, long Trainable) CountParameters(Layer layer)
    {
        var mine = _parameters.Where(p => p.Info.Layer == layer.Name).Select(p => p.Info).ToList();
        return (mine.Sum(p => p.Count), mine.Where(p => p.Trainable).Sum(p => p.Count));
    }

    /// <summary>Appends a layer fed by the values at <paramref name="inputs"/>: names it if unnamed, infers its output shape and declares its parameters.</summary>
    private protected void AddNode(Layer layer, int[] inputs)
    {
        if (IsBuilt) throw new InvalidOperationException($"Model '{Name}' is already built; add {layer.Label} before Build(seed).");
        var name = layer.Name.Length > 0 ? layer.Name : FreeName(layer.NamePrefix);
        ValidateName(name, layer);
        int[][] shapes = [.. inputs.Select(ShapeOf)];
        var (output, declared) = layer.Attach(name, _layers.Count, shapes, () =>
            (layer.OutputShape(shapes), shapes.Length == 1 ? layer.DeclareParameters(shapes[0]) : []));
        _layers.Add(layer);
        _layerInputs.Add(inputs);
        _outputShapes.Add(output);
        _parameters.AddRange(declared.Select(d => (new ParameterInfo($"{name}.{d.Suffix}", d.Shape, d.Trainable, name), d.Init)));
    }

    private int[] ShapeOf(int index) => index == ModelInputIndex ? Input.Shape : _outputShapes[index];

    /// <summary>Every tensor <paramref name="output"/> depends on, itself included.</summary>
    private static HashSet<KerasTensor> Ancestors(KerasTensor output)
    {
        var seen = new HashSet<KerasTensor>();
        var stack = new Stack<KerasTensor>([output]);
        while (stack.TryPop(out var tensor))
            if (seen.Add(tensor))
                foreach (var input in tensor.Inputs) stack.Push(input);
        return seen;
    }

    /// <summary>
    /// <paramref name="values"/> in <see cref="ParameterInfos"/> order, named as the parameters, once every
    /// missing, unexpected, non-float or mis-shaped tensor has been named in one error.
    /// </summary>
    private Dictionary<string, Tensor> Checked(IReadOnlyDictionary<string, Tensor> values, string action)
    {
        var problems = new List<string>();
        foreach (var (info, _) in _parameters)
        {
            if (!values.TryGetValue(info.Name, out var value)) problems.Add($"missing '{info.Name}' [{string.Join(",", info.Shape)}]");
            else if (value.ElementType != ElementType.Float) problems.Add($"'{info.Name}' is {value.ElementType}, expected Float");
            else if (!value.Dims.SequenceEqual(info.Shape))
                problems.Add($"'{info.Name}' has shape [{string.Join(",", value.Dims)}], expected [{string.Join(",", info.Shape)}]");
        }
        var known = _parameters.Select(p => p.Info.Name).ToHashSet();
        problems.AddRange(values.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"unexpected '{k}'"));
        if (problems.Count > 0)
            throw new ArgumentException($"Model '{Name}': cannot {action} parameters: {string.Join("; ", problems)}.");
        return _parameters.ToDictionary(p => p.Info.Name, p => values[p.Info.Name].WithName(p.Info.Name));
    }

    private void CheckLabels(IReadOnlyList<string>? labels)
    {
        if (labels is null || OutputShape.Length != 1 || labels.Count == OutputShape[0]) return;
        throw new ArgumentException($"Model '{Name}': {labels.Count} labels given for {OutputShape[0]} outputs.");
    }

    private string FreeName(string prefix)
    {
        for (var k = 1; ; k++)
            if (_layers.All(l => l.Name != $"{prefix}_{k}")) return $"{prefix}_{k}";
    }

    /// <summary>Names become scope prefixes ("/") and parameter paths ("."), so only plain identifiers are allowed.</summary>
    private void ValidateName(string name, Layer layer)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new ArgumentException($"{layer.Label}: layer name '{name}' may only hold letters, digits, '_' and '-'.");
        if (name == InputName)
            throw new ArgumentException($"{layer.Label}: the name '{InputName}' stands for the model input; give the layer another name.");
        if (_layers.Any(l => l.Name == name))
            throw new ArgumentException($"Model '{Name}' already has a layer named '{name}'.");
    }
}
