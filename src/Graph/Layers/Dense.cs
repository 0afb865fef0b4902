namespace Onnxdl.Graph.Layers;

/// <summary>Fully connected layer: y = activation(x · kernel + bias), kernel [in, units], emitted as one Gemm.</summary>
public sealed class Dense : Layer
{
    /// <summary>A fully connected layer of <paramref name="units"/> outputs.</summary>
    public Dense(int units, ActivationKind activation = ActivationKind.Linear, bool useBias = true, string? name = null) : base(name)
    {
        if (units <= 0) throw new ArgumentException($"{Label}: units must be positive, received {units}.");
        Units = units;
        Activation = activation;
        UseBias = useBias;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationKind Activation { get; }
    /// <summary>True when a bias is added.</summary>
    public bool UseBias { get; }

    /// <inheritdoc/>
    public override string TypeName => "Dense";
    /// <inheritdoc/>
    public override string NamePrefix => "dense";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) =>
        inputShape.Length == 1 ? [Units] : throw ShapeError("(F)", inputShape, " (add a Flatten layer before it)");

    /// <summary>Keras' fans for a [in, units] kernel: fan_in = in, fan_out = units.</summary>
    public override IReadOnlyList<ParameterDecl> DeclareParameters(int[] inputShape)
    {
        OutputShape(inputShape);
        var features = inputShape[0];
        ParameterDecl kernel = new("kernel", [features, Units], true, new ParameterInit.GlorotUniform(features, Units));
        return UseBias ? [kernel, new("bias", [Units], true, ParameterInit.Zeros)] : [kernel];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        var kernel = ctx.Param(ParamName("kernel"));
        var bias = UseBias ? ctx.Param(ParamName("bias")) : Var.None;
        return Activation.Emit(ctx.B, ctx.B.Linear(x, kernel, bias), rank: 2);
    }

    internal override void WriteSpec(SpecWriter writer)
    {
        writer.Int("units", Units);
        writer.Activation(Activation);
        writer.Bool("use_bias", UseBias);
    }

    internal static Dense FromSpec(SpecReader r, string? name) =>
        new(r.PositiveInt("units"), r.Activation(), r.Bool("use_bias", true), name);
}
