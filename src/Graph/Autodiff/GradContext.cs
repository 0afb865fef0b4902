namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// What a gradient rule sees of one forward node, in the vocabulary of ONNX Runtime's gradient builder:
/// <see cref="I"/> inputs, <see cref="O"/> outputs, <see cref="GO"/> output gradients, <see cref="Needs"/>.
/// </summary>
internal sealed class GradContext
{
    private readonly IReadOnlyDictionary<string, TensorType> _types;
    private readonly Func<string, Var?> _outputGrad;
    private readonly Func<string, bool> _needs;
    private readonly IReadOnlyDictionary<string, Node> _producers;

    internal GradContext(GraphBuilder b, Node node, IReadOnlyDictionary<string, TensorType> types, IReadOnlyDictionary<string, Node> producers,
        Func<string, Var?> outputGrad, Func<string, bool> needs, GradientOptions options)
    {
        B = b;
        Node = node;
        _types = types;
        _producers = producers;
        _outputGrad = outputGrad;
        _needs = needs;
        Target = options.Target;
        BatchSize = options.BatchSize ?? GradientOptions.DefaultBatchSize;
    }

    public GraphBuilder B { get; }
    public Node Node { get; }
    public GradientTarget Target { get; }

    /// <summary>The batch size the lowering is tuned for (<see cref="GradientOptions.BatchSize"/>); the graph runs any batch.</summary>
    public int BatchSize { get; }
    public long Opset => B.Opset;

    public int InputCount => Node.Inputs.Count;
    public Var I(int i) => new(Node.Input(i));
    public Var O(int i) => new(Node.Outputs[i]);

    /// <summary>True when output <paramref name="i"/> received a gradient.</summary>
    public bool HasGO(int i) => i < Node.Outputs.Count && _outputGrad(Node.Outputs[i]) is not null;

    public Var GO(int i) => i < Node.Outputs.Count && _outputGrad(Node.Outputs[i]) is { } g ? g
        : throw new InvalidOperationException($"{Node}: output {i} has no gradient.");

    /// <summary>Whether input <paramref name="i"/> needs a gradient (it lies between a requested value and the loss).</summary>
    public bool Needs(int i) => Node.Input(i).Length > 0 && _needs(Node.Input(i));

    /// <summary>
    /// Output <paramref name="i"/> of the forward node (an optional one such as MaxPool's Indices or Dropout's
    /// mask), added to the forward node under a fresh name when the node did not emit it.
    /// </summary>
    public Var EnsureOutput(int i, string hint)
    {
        if (i < Node.Outputs.Count && Node.Outputs[i].Length > 0) return O(i);
        var name = B.UniqueName(hint);
        while (Node.Outputs.Count <= i) Node.Outputs.Add("");
        Node.Outputs[i] = name;
        return new Var(name);
    }

    public long Int(string name, long fallback) => Node.Int(name, fallback);
    public float Float(string name, float fallback) => Node.Float(name, fallback);
    public long[]? Ints(string name) => Node.Ints(name);

    public TensorType? TypeOf(Var v) => _types.GetValueOrDefault(v.Name);

    /// <summary>The forward node of the default domain that computes <paramref name="v"/>, or null (an input, an initializer, another domain).</summary>
    public Node? Producer(Var v) => _producers.TryGetValue(v.Name, out var node) && node.Domain is "" or "ai.onnx" ? node : null;

    /// <summary>The values of an int64 initializer, or null when <paramref name="v"/> is not one.</summary>
    public long[]? ConstantInts(Var v) => B.Graph.Initializer(v.Name) is { ElementType: ElementType.Int64 } t ? t.ToInt64s() : null;

    /// <summary>The value's rank, or an error naming the node when it cannot be inferred statically.</summary>
    public int Rank(Var v) => TypeOf(v)?.Shape?.Count
        ?? throw new NotSupportedException($"Gradient of {Node}: the rank of '{v}' is unknown; annotate it (value_info).");

    /// <summary>Fully static dims of the value, else null.</summary>
    public long[]? StaticShape(Var v) => TypeOf(v) is { IsFullyStatic: true } t ? t.Dims : null;

    public long[] RequireStaticShape(Var v) => StaticShape(v)
        ?? throw new NotSupportedException(
            $"Gradient of {Node}: needs the static shape of '{v}' (got {TypeOf(v)?.ToString() ?? "unknown"}).");

    /// <summary>The floating element type of this node's data (its first floating input).</summary>
    public ElementType FloatType => Node.Inputs.Select(n => _types.GetValueOrDefault(n)?.ElementType)
        .FirstOrDefault(t => t is ElementType.Float or ElementType.Double or ElementType.Float16) ?? ElementType.Float;

    /// <summary>A scalar constant of the node's floating type (so float64 graphs stay float64).</summary>
    public Var Scalar(double value) => Constant("c", [], [value]);

    /// <summary>A constant tensor of the node's floating type.</summary>
    public Var Constant(string name, long[] dims, double[] values) => B.Constant(FloatType == ElementType.Double
        ? Tensor.FromDoubles(name, dims, values)
        : Tensor.FromFloats(name, dims, Array.ConvertAll(values, v => (float)v)));

    public Var Cast(Var x) => B.Cast(x, FloatType);

    /// <summary>A tensor of ones of the node's floating type, of the run-time <paramref name="shape"/>.</summary>
    public Var OnesOfShape(Var shape) => B.ConstantOfShape(shape, FloatType == ElementType.Double
        ? Tensor.FromDoubles("one", [1], [1.0])
        : Tensor.FromFloats("one", [1], [1f]));

    /// <summary>A zero tensor shaped like <paramref name="like"/> (run-time shape).</summary>
    public Var ZerosLike(Var like) => Autodiff.ZerosLike.Of(B, like, _types.GetValueOrDefault(like.Name)?.ElementType ?? FloatType);

    /// <summary>The value <paramref name="build"/> emits, its nodes named under the sub-scope <paramref name="scope"/>.</summary>
    public Var InScope(string scope, Func<Var> build)
    {
        using var _ = B.BeginScope(scope);
        return build();
    }

    /// <summary>A constant 1-D int64 tensor (axes, starts, ends).</summary>
    public Var Ints1D(params long[] values) => B.Constant(values, "ints");
}
