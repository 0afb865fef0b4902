namespace Onnxdl.Graph.Layers;

/// <summary>2-D convolution over (C, H, W); kernel stored in ONNX layout [filters, C, kh, kw].</summary>
public sealed class Conv2D : Layer
{
    /// <summary>A 2-D convolution with <paramref name="filters"/> output channels; input channels come from the input shape.</summary>
    public Conv2D(int filters, Size2 kernelSize, Size2? strides = null, Padding padding = Padding.Valid, Size2? dilationRate = null,
        ActivationKind activation = ActivationKind.Linear, bool useBias = true, string? name = null) : base(name)
    {
        if (filters <= 0) throw new ArgumentException($"{Label}: filters must be positive, received {filters}.");
        Filters = filters;
        Window = Window.Of(Label, kernelSize, strides ?? 1, dilationRate ?? 1, padding);
        Activation = activation;
        UseBias = useBias;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>Kernel size, strides, padding and dilation.</summary>
    public Window Window { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationKind Activation { get; }
    /// <summary>True when a bias is added.</summary>
    public bool UseBias { get; }

    /// <inheritdoc/>
    public override string TypeName => "Conv2D";
    /// <inheritdoc/>
    public override string NamePrefix => "conv2d";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        RequireImage(inputShape);
        var (oh, ow, _) = Window.Apply(Label, inputShape);
        return [Filters, oh, ow];
    }

    /// <summary>Keras' fans for a conv kernel: fan_in = C·kh·kw, fan_out = filters·kh·kw.</summary>
    public override IReadOnlyList<ParameterDecl> DeclareParameters(int[] inputShape)
    {
        OutputShape(inputShape);
        var (c, kh, kw) = (inputShape[0], Window.Kernel.H, Window.Kernel.W);
        ParameterDecl kernel = new("kernel", [Filters, c, kh, kw], true, new ParameterInit.GlorotUniform(c * kh * kw, Filters * kh * kw));
        return UseBias ? [kernel, new("bias", [Filters], true, ParameterInit.Zeros)] : [kernel];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        var (_, _, pads) = Window.Apply(Label, InputShape);
        var attrs = new ConvAttrs(Window.Kernel.ToLongs(), Window.Strides.ToLongs(), pads, Window.Dilation.ToLongs());
        var kernel = ctx.Param(ParamName("kernel"));
        var bias = UseBias ? ctx.Param(ParamName("bias")) : Var.None;
        return Activation.Emit(ctx.B, ctx.B.Conv(x, kernel, bias, attrs), rank: 4);
    }

    internal override void WriteSpec(SpecWriter writer)
    {
        writer.Int("filters", Filters);
        writer.Size("kernel_size", Window.Kernel);
        writer.Size("strides", Window.Strides);
        writer.Padding(Window.Padding);
        writer.Size("dilation_rate", Window.Dilation);
        writer.Activation(Activation);
        writer.Bool("use_bias", UseBias);
    }

    internal static Conv2D FromSpec(SpecReader r, string? name) =>
        new(r.PositiveInt("filters"), r.Size("kernel_size"), r.OptionalSize("strides"), r.Padding(), r.OptionalSize("dilation_rate"),
            r.Activation(), r.Bool("use_bias", true), name);
}
