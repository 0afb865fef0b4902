namespace Onnxdl.Graph.Autodiff;

/// <summary>Static window geometry shared by the Conv and pooling rules (explicit pads, no auto_pad).</summary>
internal sealed record ConvGeometry(long[] Input, long[] Output, long[] Kernel, long[] Strides, long[] Pads, long[] Dilations)
{
    public int Rank => Kernel.Length;

    /// <summary>The spatial axes of the NC… tensors: 2, 3, ….</summary>
    public long[] SpatialAxes => [.. Enumerable.Range(2, Rank).Select(i => (long)i)];

    /// <summary>Elements of one window (the product of the kernel dims).</summary>
    public long KernelSize => Kernel.Aggregate(1L, (p, k) => p * k);

    /// <summary>Output positions per channel (the product of the output's spatial dims).</summary>
    public long OutputSize => Output.Aggregate(1L, (p, d) => p * d);

    public static ConvGeometry Of(GradContext g, long[] kernel, long[] strides, long[] pads, long[] dilations)
    {
        if (g.Node.String("auto_pad", "NOTSET") is not ("NOTSET" or "VALID"))
            throw new NotSupportedException($"Gradient of {g.Node}: auto_pad={g.Node.String("auto_pad", "")} is not supported; give explicit pads.");
        var x = g.TypeOf(g.I(0))?.Shape;
        if (x is null || x.Count != kernel.Length + 2 || x.Skip(1).Any(d => !d.IsFixed))
            throw new NotSupportedException(
                $"Gradient of {g.Node}: needs static channel and spatial dims of '{g.I(0)}' (got {g.TypeOf(g.I(0))?.ToString() ?? "unknown"}).");
        var input = x.Skip(2).Select(d => d.Value!.Value).ToArray();
        var output = input.Select((h, i) => (h + pads[i] + pads[i + kernel.Length] - Span(kernel, dilations, i)) / strides[i] + 1).ToArray();
        return new(input, output, kernel, strides, pads, dilations);
    }

    public long Channels(GradContext g) => g.TypeOf(g.I(0))!.Shape![1].Value!.Value;

    private static long Span(long[] kernel, long[] dilations, int i) => (kernel[i] - 1) * dilations[i] + 1;

    public long Span(int i) => Span(Kernel, Dilations, i);

    /// <summary>Windows never share an input element (so scattered gradients cannot collide).</summary>
    public bool NonOverlapping => Enumerable.Range(0, Rank).All(i => Span(i) <= Strides[i]);

    /// <summary>ConvTranspose output_padding that makes its output exactly the forward input's size.</summary>
    public long[] OutputPadding => Enumerable.Range(0, Rank)
        .Select(i => Input[i] - (Strides[i] * (Output[i] - 1) + Span(i) - Pads[i] - Pads[i + Rank])).ToArray();

    public ConvAttrs TransposeAttrs => new(Kernel, Strides, Pads, Dilations);
}
