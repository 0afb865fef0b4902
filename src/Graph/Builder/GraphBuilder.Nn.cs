namespace Onnxdl.Graph;

/// <summary>Convolution, pooling, normalization and dropout.</summary>
public sealed partial class GraphBuilder
{
    public Var Conv(Var x, Var w, Var b, ConvAttrs a) => Op("Conv", b.IsNone ? [x, w] : [x, w, b], a.ToAttrs());

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

    public Var MaxPool(Var x, PoolAttrs a) => Op("MaxPool", [x], a.ToAttrs());

    /// <summary>count_include_pad is written only when set: 0 is ONNX's default, and OpenCV's importer refuses the attribute.</summary>
    public Var AveragePool(Var x, PoolAttrs a, bool countIncludePad = false) =>
        Op("AveragePool", [x], countIncludePad ? [.. a.ToAttrs(), Attr.Int("count_include_pad", 1)] : a.ToAttrs());

    public Var GlobalAveragePool(Var x) => Op("GlobalAveragePool", [x]);

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
    public static ConvAttrs Default2D(long kh, long kw) => new([kh, kw], [1, 1], [0, 0, 0, 0], [1, 1]);

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
    public Attr[] ToAttrs() =>
        [Attr.IntList("kernel_shape", KernelShape), Attr.IntList("strides", Strides), Attr.IntList("pads", Pads)];

    public static PoolAttrs FromNode(Node node)
    {
        var kernel = node.Ints("kernel_shape") ?? throw new ArgumentException($"{node} has no kernel_shape.");
        return new(kernel, node.Ints("strides") ?? Enumerable.Repeat(1L, kernel.Length).ToArray(),
            node.Ints("pads") ?? new long[2 * kernel.Length]);
    }
}
