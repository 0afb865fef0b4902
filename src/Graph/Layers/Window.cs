namespace Onnxdl.Graph.Layers;

/// <summary>A 2-D sliding window (conv or pool): output sizes and explicit ONNX pads, computed as Keras/TensorFlow does.</summary>
public sealed record Window(Size2 Kernel, Size2 Strides, Size2 Dilation, Padding Padding)
{
    /// <summary>Validates that every size is positive; <paramref name="owner"/> names the layer in the error.</summary>
    public static Window Of(string owner, Size2 kernel, Size2 strides, Size2 dilation, Padding padding)
    {
        foreach (var (what, size) in new[] { ("kernel/pool size", kernel), ("strides", strides), ("dilation rate", dilation) })
            if (size.H <= 0 || size.W <= 0)
                throw new ArgumentException($"{owner}: {what} must be positive, received {size}.");
        return new Window(kernel, strides, dilation, padding);
    }

    /// <summary>Output (H, W) and ONNX pads [top, left, bottom, right] for a (C, H, W) input; errors name <paramref name="owner"/>.</summary>
    public (int H, int W, long[] Pads) Apply(string owner, int[] inputShape)
    {
        var (oh, top, bottom) = Axis(inputShape[1], Kernel.H, Strides.H, Dilation.H);
        var (ow, left, right) = Axis(inputShape[2], Kernel.W, Strides.W, Dilation.W);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"{owner}: a {Kernel} window (dilation {Dilation}) does not fit the {Shapes.Format(inputShape)} input with \"valid\" padding.");
        return (oh, ow, [top, left, bottom, right]);
    }

    /// <summary>
    /// "valid" keeps only full windows; "same" gives ceil(in/stride) outputs and puts the odd padding
    /// pixel after (bottom/right), as TensorFlow does.
    /// </summary>
    private (int Size, int Before, int After) Axis(int input, int kernel, int stride, int dilation)
    {
        var span = (kernel - 1) * dilation + 1;
        if (Padding == Padding.Valid) return (input < span ? 0 : (input - span) / stride + 1, 0, 0);
        var size = (input + stride - 1) / stride;
        var total = Math.Max((size - 1) * stride + span - input, 0);
        return (size, total / 2, total - total / 2);
    }
}
