namespace Onnxdl.Graph.Layers;

/// <summary>
/// 2-D convolution over (C, H, W); kernel stored in ONNX layout [filters, C / groups, kh, kw]. With groups G (Keras 3's
/// <c>groups</c>), input and output channels split into G groups convolved separately; G must divide both.
/// </summary>
public sealed class Conv2D : ConvolutionLayer
{
    /// <summary>A 2-D convolution with <paramref name="filters"/> output channels; input channels come from the input shape.</summary>
    public Conv2D(int filters, Size2 kernelSize, Size2? strides = null, Padding padding = Padding.Valid, Size2? dilationRate = null,
        ActivationKind activation = ActivationKind.Linear, bool useBias = true, string? name = null, int groups = 1)
        : base(kernelSize, strides, padding, dilationRate, activation, useBias, name)
    {
        if (filters <= 0) throw new ArgumentException($"{Label}: filters must be positive, received {filters}.");
        if (groups <= 0 || filters % groups != 0)
            throw new ArgumentException($"{Label}: groups must be positive and divide filters ({filters}), received {groups}.");
        Filters = filters;
        Groups = groups;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>The number of channel groups (1: every filter sees every input channel).</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public override string TypeName => "Conv2D";
    /// <inheritdoc/>
    public override string NamePrefix => "conv2d";

    /// <inheritdoc/>
    protected override int FiltersFor(int channels) => Filters;

    /// <inheritdoc/>
    protected override int GroupsFor(int channels) => channels % Groups == 0 ? Groups
        : throw new ArgumentException($"{Label}: groups ({Groups}) must divide the input's {channels} channels.");

    /// <summary>Keras' fans for a conv kernel: fan_in = C/groups·kh·kw, fan_out = filters·kh·kw.</summary>
    protected override ParameterInit KernelInit(int channels, int kernelArea) =>
        new ParameterInit.GlorotUniform(channels / Groups * kernelArea, Filters * kernelArea);

    internal override void WriteSpec(SpecWriter writer)
    {
        writer.Int("filters", Filters);
        WriteWindow(writer);
        writer.Int("groups", Groups);
        WriteOutput(writer);
    }

    internal static Conv2D FromSpec(SpecReader r, string? name) =>
        new(r.PositiveInt("filters"), r.Size("kernel_size"), r.OptionalSize("strides"), r.Padding(), r.OptionalSize("dilation_rate"),
            r.Activation(), r.Bool("use_bias", true), name, r.PositiveInt("groups", 1));
}
