using System.Text.Json;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Graph.Layers;

/// <summary>
/// A stack of layers, Keras-style. Shapes are inferred as layers are added (an error names the layer that
/// does not fit); <see cref="Build"/> creates the parameters; <see cref="Forward"/> emits the graph into
/// any builder (export, training step); <see cref="ToOnnx(ExportOptions)"/> writes the inference model.
/// <para>Automatic names: a layer without a name gets <c>{prefix}_{k}</c> (conv2d_1, dense_2, …), k being the
/// smallest k ≥ 1 not yet used in this model; so names depend only on the model, not on process history.</para>
/// </summary>
public sealed class Sequential : INetwork
{
    private readonly List<Layer> _layers = [];
    private readonly List<int[]> _outputShapes = [];
    private readonly List<(ParameterInfo Info, ParameterInit Init)> _parameters = [];
    private Dictionary<string, Tensor>? _values;

    /// <summary>A network of <paramref name="layers"/> applied in order to <paramref name="input"/>; layers get their input shapes here and unnamed layers are named by position.</summary>
    public Sequential(string name, ModelInput input, params Layer[] layers)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A model needs a non-empty name.", nameof(name));
        Name = name;
        Input = input;
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The network's name (the ONNX graph name).</summary>
    public string Name { get; }
    /// <summary>The input.</summary>
    public ModelInput Input { get; }
    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Per-sample output shape of layer i.</summary>
    public IReadOnlyList<int[]> LayerOutputShapes => _outputShapes;

    /// <summary>Per-sample output shape of the model.</summary>
    public int[] OutputShape => _outputShapes.Count > 0 ? _outputShapes[^1] : Input.Shape;

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

    /// <summary>Appends a layer: names it if unnamed, infers its output shape and declares its parameters.</summary>
    public Sequential Add(Layer layer)
    {
        if (IsBuilt) throw new InvalidOperationException($"Model '{Name}' is already built; add {layer.Label} before Build(seed).");
        var name = layer.Name.Length > 0 ? layer.Name : FreeName(layer.NamePrefix);
        ValidateName(name, layer);
        var input = OutputShape;
        var (output, declared) = layer.Attach(name, _layers.Count, input, () => (layer.OutputShape(input), layer.DeclareParameters(input)));
        _layers.Add(layer);
        _outputShapes.Add(output);
        _parameters.AddRange(declared.Select(d => (new ParameterInfo($"{name}.{d.Suffix}", d.Shape, d.Trainable, name), d.Init)));
        return this;
    }

    /// <summary>Creates every parameter with its Keras initializer; each kernel draws from its own stream of <paramref name="seed"/>.</summary>
    public Sequential Build(long seed)
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

    /// <summary>
    /// Emits every layer into <paramref name="ctx"/>'s builder, each inside <c>B.BeginScope(layer.Name)</c>;
    /// new nodes get the layer's label as doc string and each layer output is annotated with its type. A node
    /// the builder's opset cannot express fails here, naming the layer and the op.
    /// </summary>
    public Var Forward(LayerContext ctx, Var input)
    {
        var x = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            var first = ctx.B.Graph.Nodes.Count;
            Var y;
            using (ctx.B.BeginScope(layer.Name)) y = layer.Forward(ctx, x);
            foreach (var node in ctx.B.Graph.Nodes.Skip(first))
            {
                OpsetSupport.Require(node, ctx.B.Opset, layer.Label);
                if (node.DocString.Length == 0) node.DocString = layer.Label;
            }
            if (y != x) ctx.B.Annotate(y, Shapes.Batched(_outputShapes[i]));
            x = y;
        }
        return x;
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

        var doc = options.DocString ?? $"{Name}: Sequential model, input {Shapes.Format(Input.Shape)} (NCHW per sample), output {Shapes.Format(OutputShape)}.";
        b.Graph.DocString = doc;
        var model = new OnnxModel(b.Graph, options.Opset) { DocString = doc };
        model.SetMetadata(MetadataKeys.Producer, $"{OnnxModel.Producer} {model.ProducerVersion}");
        model.SetMetadata(MetadataKeys.Spec, ModelSpec.ToJson(this, indented: false));
        if (options.Labels is { } labels) model.SetMetadata(MetadataKeys.Labels, JsonSerializer.Serialize(labels));
        if (options.Preprocessing is { } preprocessing) model.SetMetadata(MetadataKeys.Preprocessing, preprocessing);
        return model;
    }

    /// <summary>The Keras-style summary: layers, output shapes and parameter counts.</summary>
    public SummaryInfo Summarize() => SummaryInfo.Of(this);

    /// <summary>Keras' model.summary() table.</summary>
    public string Summary() => Summarize().ToText();

    /// <summary>The specification as JSON (see <see cref="ModelSpec"/>).</summary>
    public string ToJson(bool indented = true) => ModelSpec.ToJson(this, indented);

    /// <summary>Parameter count per layer: (total, trainable).</summary>
    internal (long Total, long Trainable) CountParameters(Layer layer)
    {
        var mine = _parameters.Where(p => p.Info.Layer == layer.Name).Select(p => p.Info).ToList();
        return (mine.Sum(p => p.Count), mine.Where(p => p.Trainable).Sum(p => p.Count));
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
        if (_layers.Any(l => l.Name == name))
            throw new ArgumentException($"Model '{Name}' already has a layer named '{name}'.");
    }
}
