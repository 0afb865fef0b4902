namespace Onnxdl.Graph.Layers;

/// <summary>
/// What <see cref="Conv2D"/> and <see cref="DepthwiseConv2D"/> share: a window over (C, H, W), an activation, an optional
/// bias, and one ONNX Conv whose kernel is [filters, C / groups, kh, kw]; the subclass says how many filters and groups a
/// C-channel input gets and the kernel's Glorot fans (Keras': from its own kernel layout).
/// </summary>
public abstract class ConvolutionLayer : Layer
{
    /// <summary>The shared settings; the window is checked here.</summary>
    protected ConvolutionLayer(Size2 kernelSize, Size2? strides, Padding padding, Size2? dilationRate, ActivationKind activation, bool useBias,
        string? name) : base(name)
    {
        Window = Window.Of(Label, kernelSize, strides ?? 1, dilationRate ?? 1, padding);
        Activation = activation;
        UseBias = useBias;
    }

    /// <summary>Kernel size, strides, padding and dilation.</summary>
    public Window Window { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationKind Activation { get; }
    /// <summary>True when a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Output channels for a <paramref name="channels"/>-channel input.</summary>
    protected abstract int FiltersFor(int channels);

    /// <summary>Groups of the convolution for a <paramref name="channels"/>-channel input; throws naming the layer when they do not divide it.</summary>
    protected abstract int GroupsFor(int channels);

    /// <summary>The Glorot-uniform initializer with the kernel's Keras fans.</summary>
    protected abstract ParameterInit KernelInit(int channels, int kernelArea);

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        RequireImage(inputShape);
        GroupsFor(inputShape[0]); // throws, naming the layer, when the groups do not divide the channels
        var (oh, ow, _) = Window.Apply(Label, inputShape);
        return [FiltersFor(inputShape[0]), oh, ow];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ParameterDecl> DeclareParameters(int[] inputShape)
    {
        OutputShape(inputShape);
        var (c, kh, kw) = (inputShape[0], Window.Kernel.H, Window.Kernel.W);
        var filters = FiltersFor(c);
        ParameterDecl kernel = new("kernel", [filters, c / GroupsFor(c), kh, kw], true, KernelInit(c, kh * kw));
        return UseBias ? [kernel, new("bias", [filters], true, ParameterInit.Zeros)] : [kernel];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        var (_, _, pads) = Window.Apply(Label, InputShape);
        var attrs = new ConvAttrs(Window.Kernel.ToLongs(), Window.Strides.ToLongs(), pads, Window.Dilation.ToLongs(), GroupsFor(InputShape[0]));
        var kernel = ctx.Param(ParamName("kernel"));
        var bias = UseBias ? ctx.Param(ParamName("bias")) : Var.None;
        return Activation.Emit(ctx.B, ctx.B.Conv(x, kernel, bias, attrs), rank: 4);
    }

    /// <summary>Writes the window (kernel_size, strides, padding, dilation_rate).</summary>
    private protected void WriteWindow(SpecWriter writer)
    {
        writer.Size("kernel_size", Window.Kernel);
        writer.Size("strides", Window.Strides);
        writer.Padding(Window.Padding);
        writer.Size("dilation_rate", Window.Dilation);
    }

    /// <summary>Writes the activation and use_bias.</summary>
    private protected void WriteOutput(SpecWriter writer)
    {
        writer.Activation(Activation);
        writer.Bool("use_bias", UseBias);
    }
}
