namespace Onnxdl.Graph.Layers;

/// <summary>
/// A Keras-like layer. Users give only what Keras asks for (filters, kernel size, units); the input
/// channels and every parameter shape come from the input shape the layer first sees, when a
/// <see cref="Sequential"/> adds it or a <see cref="Functional"/> model is made of it. Shapes here are per
/// sample: (C, H, W) or (F). Most layers take one input; merge layers override the list forms.
/// </summary>
public abstract class Layer
{
    private int[][]? _inputShapes;
    private bool _called;

    /// <summary>A layer named <paramref name="name"/>, or named by position (<c>dense_1</c>) when null.</summary>
    protected Layer(string? name) => Name = name ?? "";

    /// <summary>The layer's path; parameters are <c>Name.kernel</c> etc. Given by the user or numbered on <see cref="Sequential.Add"/>.</summary>
    public string Name { get; private set; }

    /// <summary>The Keras class name ("Conv2D"), used in summaries and in the JSON spec's "type".</summary>
    public abstract string TypeName { get; }

    /// <summary>The snake-case stem of automatic names ("conv2d" → conv2d_1, conv2d_2, …).</summary>
    public abstract string NamePrefix { get; }

    /// <summary>Position in its model (seeds dropout); -1 until added.</summary>
    public int Index { get; private set; } = -1;

    /// <summary>True once the layer knows its input shape (it is part of a network).</summary>
    public bool IsAttached => _inputShapes is not null;

    /// <summary>The per-sample input shape the layer was built for (the first one, for a merge layer).</summary>
    public int[] InputShape => InputShapes[0];

    /// <summary>The per-sample shape of each input the layer was built for.</summary>
    public IReadOnlyList<int[]> InputShapes => _inputShapes ?? throw new InvalidOperationException($"{Label}: the layer is not part of a model yet.");

    /// <summary>"conv2d_1 (Conv2D)".</summary>
    public string Label => $"{(Name.Length > 0 ? Name : NamePrefix)} ({TypeName})";

    /// <summary>Shape inference on a per-sample shape; throws an <see cref="ArgumentException"/> naming the layer on a mismatch.</summary>
    public abstract int[] OutputShape(int[] inputShape);

    /// <summary>Shape inference over every input; a single-input layer requires exactly one.</summary>
    public virtual int[] OutputShape(IReadOnlyList<int[]> inputShapes) =>
        inputShapes.Count == 1 ? OutputShape(inputShapes[0])
            : throw new ArgumentException($"{Label}: expected 1 input, received {inputShapes.Count}.");

    /// <summary>The parameters this layer needs for <paramref name="inputShape"/>, in a fixed order.</summary>
    public virtual IReadOnlyList<ParameterDecl> DeclareParameters(int[] inputShape) => [];

    /// <summary>
    /// Calls the layer on symbolic tensors, as Keras' <c>layer(x)</c>: the output shape is inferred here, so a
    /// mismatch fails at this call. A layer is called once (it owns its parameters); create a new one to reuse it.
    /// </summary>
    public KerasTensor Call(params KerasTensor[] inputs)
    {
        if (inputs.Length == 0) throw new ArgumentException($"{Label}: called without inputs.");
        if (_called || IsAttached)
            throw new InvalidOperationException($"{Label} was already called; shared layers are not supported, create a new layer instead.");
        var shape = OutputShape([.. inputs.Select(t => t.Shape)]);
        _called = true;
        return new KerasTensor(this, inputs, shape);
    }

    /// <summary>
    /// Emits the layer's nodes (the caller opens <c>B.BeginScope(Name)</c>) and returns the output value.
    /// <paramref name="x"/> is batched: [N, ...InputShape].
    /// </summary>
    public abstract Var Forward(LayerContext ctx, Var x);

    /// <summary>The forward pass over every input (in the order of <see cref="InputShapes"/>); single-input layers take one.</summary>
    public virtual Var Forward(LayerContext ctx, IReadOnlyList<Var> inputs) => Forward(ctx, inputs.Single());

    /// <summary>Writes the layer's own spec fields (all of them, defaults included, so the spec is canonical).</summary>
    internal abstract void WriteSpec(SpecWriter writer);

    /// <summary>A parameter's full name: <c>{Name}.{suffix}</c>.</summary>
    protected string ParamName(string suffix) => $"{Name}.{suffix}";

    /// <summary>An <see cref="ArgumentException"/> naming the layer, the expected shape and the received one.</summary>
    protected ArgumentException ShapeError(string expected, int[] received, string hint = "") =>
        new($"{Label}: expected a {expected} input, received {Shapes.Format(received)}{hint}.");

    /// <summary>Checks the rank is 3 and returns (C, H, W).</summary>
    protected (int C, int H, int W) RequireImage(int[] shape) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2]) : throw ShapeError("(C,H,W)", shape);

    /// <summary>
    /// Binds the layer to its model position; a layer belongs to one model only (its parameters are named
    /// after it). <paramref name="infer"/> runs under the final name, so shape errors name the layer as the
    /// model would; if it throws, the layer is left as it was.
    /// </summary>
    internal T Attach<T>(string name, int index, int[][] inputShapes, Func<T> infer)
    {
        if (_inputShapes is not null)
            throw new InvalidOperationException($"{Label} already belongs to a model; create a new layer instead of reusing it.");
        var given = Name;
        Name = name;
        try
        {
            var result = infer();
            (Index, _inputShapes) = (index, inputShapes);
            return result;
        }
        catch
        {
            Name = given;
            throw;
        }
    }
}
