namespace Onnxdl.Graph;

/// <summary>Convolution, pooling, normalization and dropout.</summary>
public sealed partial class GraphBuilder
{
    /// <summary>Adds <c>Conv</c> of NCHW input x with kernel w [M, C/group, kH, kW] and bias b (<see cref="Var.None"/> for none).</summary>
    public Var Conv(Var x, Var w, Var b, ConvAttrs a) => Op("Conv", b.IsNone ? [x, w] : [x, w, b], a.ToAttrs());

    /// <summary>Adds <c>ConvTranspose</c> (the gradient of a Conv with respect to its input) with the given geometry.</summary>
    public Var ConvTranspose(Var x, Var w, ConvAttrs a, long[]? outputPadding = null)
    {
        var attrs = a.ToAttrs().ToList();
        if (outputPadding is not null && outputPadding.Any(p => p != 0)) attrs.Add(Attr.IntList("output_padding", outputPadding));
        return Op("ConvTranspose", [x, w], [.. attrs]);
    }

    /// <summary>MaxPool returning (values, flat NCHW indices).</summary>
    public (Var Y, Var Indices) MaxPoolWithIndices(Var x, PoolAttrs a)
    {
        var outs = Node("MaxPool", [x], 2, a.ToAttrs());
        return (outs[0], outs[1]);
    }

    /// <summary>Adds <c>MaxPool</c> with the given window.</summary>
    public Var MaxPool(Var x, PoolAttrs a) => Op("MaxPool", [x], a.ToAttrs());

    /// <summary>count_include_pad is written only when set: 0 is ONNX's default, and OpenCV's importer refuses the attribute.</summary>
    public Var AveragePool(Var x, PoolAttrs a, bool countIncludePad = false) =>
        Op("AveragePool", [x], countIncludePad ? [.. a.ToAttrs(), Attr.Int("count_include_pad", 1)] : a.ToAttrs());

    /// <summary>Adds <c>GlobalAveragePool</c>: the mean over every spatial position, keeping [N, C, 1, 1].</summary>
    public Var GlobalAveragePool(Var x) => Op("GlobalAveragePool", [x]);

    /// <summary>Adds <c>BatchNormalization</c> in inference form with the given running statistics.</summary>
    public Var BatchNormalization(Var x, Var scale, Var bias, Var mean, Var variance, float epsilon, float momentum) =>
        Op("BatchNormalization", [x, scale, bias, mean, variance], Attr.Float("epsilon", epsilon), Attr.Float("momentum", momentum));

    /// <summary>Dropout (opset ≥ 12 form): ratio and training_mode are inputs; returns (output, mask).</summary>
    public (Var Y, Var Mask) Dropout(Var x, Var ratio, Var trainingMode, long? seed = null)
    {
        var outs = Node("Dropout", [x, ratio, trainingMode], 2, seed is { } s ? [Attr.Int("seed", s)] : []);
        return (outs[0], outs[1]);
    }
}

/// <summary>Conv/ConvTranspose attributes for 2-D; pads are [top, left, bottom, right] as ONNX orders them.</summary>
public sealed record ConvAttrs(long[] KernelShape, long[] Strides, long[] Pads, long[] Dilations, long Group = 1)
{
    /// <summary>A 2-D convolution geometry with a kH × kW kernel, stride 1, no padding, no dilation.</summary>
    public static ConvAttrs Default2D(long kh, long kw) => new([kh, kw], [1, 1], [0, 0, 0, 0], [1, 1]);

    /// <summary>The geometry as ONNX attributes (kernel_shape, strides, pads, dilations, group).</summary>
    public Attr[] ToAttrs() =>
    [
        Attr.IntList("kernel_shape", KernelShape), Attr.IntList("strides", Strides), Attr.IntList("pads", Pads),
        Attr.IntList("dilations", Dilations), Attr.Int("group", Group),
    ];

    /// <summary>Reads a node's attributes, filling ONNX defaults (kernel shape from the weight when absent).</summary>
    public static ConvAttrs FromNode(Node node, long[] kernelShape)
    {
        var rank = kernelShape.Length;
        return new(node.Ints("kernel_shape") ?? kernelShape,
            node.Ints("strides") ?? Enumerable.Repeat(1L, rank).ToArray(),
            node.Ints("pads") ?? new long[2 * rank],
            node.Ints("dilations") ?? Enumerable.Repeat(1L, rank).ToArray(),
            node.Int("group", 1));
    }
}

/// <summary>Pooling attributes for 2-D; pads are [top, left, bottom, right].</summary>
public sealed record PoolAttrs(long[] KernelShape, long[] Strides, long[] Pads)
{
    /// <summary>The window as ONNX attributes (kernel_shape, strides, pads).</summary>
    public Attr[] ToAttrs() =>
        [Attr.IntList("kernel_shape", KernelShape), Attr.IntList("strides", Strides), Attr.IntList("pads", Pads)];

    /// <summary>Reads the window of an existing MaxPool or AveragePool node.</summary>
    public static PoolAttrs FromNode(Node node)
    {
        var kernel = node.Ints("kernel_shape") ?? throw new ArgumentException($"{node} has no kernel_shape.");
        return new(kernel, node.Ints("strides") ?? Enumerable.Repeat(1L, kernel.Length).ToArray(),
            node.Ints("pads") ?? new long[2 * kernel.Length]);
    }
}
