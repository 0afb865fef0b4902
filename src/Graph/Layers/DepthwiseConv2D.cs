namespace Onnxdl.Graph.Layers;

/// <summary>
/// Depthwise 2-D convolution (Keras' DepthwiseConv2D): each input channel convolved on its own by
/// <see cref="DepthMultiplier"/> filters, output channel c·multiplier + m; one ONNX Conv with a group per channel and
/// kernel [C·multiplier, 1, kh, kw].
/// </summary>
public sealed class DepthwiseConv2D : ConvolutionLayer
{
    /// <summary>A depthwise convolution with <paramref name="depthMultiplier"/> output channels per input channel.</summary>
    public DepthwiseConv2D(Size2 kernelSize, Size2? strides = null, Padding padding = Padding.Valid, int depthMultiplier = 1,
        Size2? dilationRate = null, ActivationKind activation = ActivationKind.Linear, bool useBias = true, string? name = null)
        : base(kernelSize, strides, padding, dilationRate, activation, useBias, name)
    {
        if (depthMultiplier <= 0) throw new ArgumentException($"{Label}: depth_multiplier must be positive, received {depthMultiplier}.");
        DepthMultiplier = depthMultiplier;
    }

    /// <summary>Output channels per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <inheritdoc/>
    public override string TypeName => "DepthwiseConv2D";
    /// <inheritdoc/>
    public override string NamePrefix => "depthwise_conv2d";

    /// <inheritdoc/>
    protected override int FiltersFor(int channels) => channels * DepthMultiplier;

    /// <inheritdoc/>
    protected override int GroupsFor(int channels) => channels;

    /// <summary>Keras' fans from its [kh, kw, C, multiplier] depthwise kernel: fan_in = C·kh·kw, fan_out = multiplier·kh·kw.</summary>
    protected override ParameterInit KernelInit(int channels, int kernelArea) =>
        new ParameterInit.GlorotUniform(channels * kernelArea, DepthMultiplier * kernelArea);

    internal override void WriteSpec(SpecWriter writer)
    {
        WriteWindow(writer);
        writer.Int("depth_multiplier", DepthMultiplier);
        WriteOutput(writer);
    }

    internal static DepthwiseConv2D FromSpec(SpecReader r, string? name) =>
        new(r.Size("kernel_size"), r.OptionalSize("strides"), r.Padding(), r.PositiveInt("depth_multiplier", 1), r.OptionalSize("dilation_rate"),
            r.Activation(), r.Bool("use_bias", true), name);
}
