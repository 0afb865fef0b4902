namespace Onnxdl.Graph.Autodiff;

/// <summary>Pooling. MaxPool routes through its Indices output (ORT's first maximum), so ties are never double-counted.</summary>
internal static class PoolingRules
{
    /// <summary>
    /// dX = dY routed to each window's first maximum. Square windows that tile the input exactly (the
    /// common 2×2/stride-2 case) take each window's ArgMax, which needs no Indices output:
    /// ORT's CPU MaxPool is ~15× slower when asked for Indices. Otherwise through the Indices output:
    /// non-overlapping windows on the CPU target use MaxUnpool (CUDA has no kernel for it), the rest
    /// ScatterND(reduction=add), which sums where overlapping windows share an argmax.
    /// </summary>
    [Gradient("MaxPool")]
    private static Var?[] MaxPool(GradContext g)
    {
        if (g.Int("storage_order", 0) != 0)
            throw new NotSupportedException($"Gradient of {g.Node}: storage_order=1 (column-major indices) is not supported.");
        var a = PoolAttrs.FromNode(g.Node);
        var dilations = g.Ints("dilations") ?? Enumerable.Repeat(1L, a.KernelShape.Length).ToArray();
        var geo = ConvGeometry.Of(g, a.KernelShape, a.Strides, a.Pads, dilations);
        if (TilesExactly(g, geo))
            return [g.Target == GradientTarget.Cpu ? WindowArgMaxUnpool(g, geo) : WindowArgMaxGradient(g, geo)];
        var indices = g.EnsureOutput(1, "indices");
        if (g.Target == GradientTarget.Cpu && geo.NonOverlapping && dilations.All(d => d == 1))
            return [g.B.Op("MaxUnpool", [g.GO(0), indices, g.B.Shape(g.I(0))], a.ToAttrs())];
        return [FlatScatter.Add(g, g.I(0), indices, g.GO(0), geo.NonOverlapping)];
    }

    /// <summary>2-D square windows with stride = size, no padding or dilation, tiling a static C×H×W input exactly (N may be symbolic).</summary>
    private static bool TilesExactly(GradContext g, ConvGeometry geo) =>
        geo.Rank == 2 && geo.Kernel[0] == geo.Kernel[1] && geo.Strides.SequenceEqual(geo.Kernel) &&
        geo.Pads.All(p => p == 0) && geo.Dilations.All(d => d == 1) &&
        g.TypeOf(g.I(0))?.Shape is [_, { Value: not null }, { Value: { } h }, { Value: { } w }] &&
        h % geo.Kernel[0] == 0 && w % geo.Kernel[1] == 0;

    /// <summary>
    /// The first maximum's slot (dy·k + dx) of every window, in row-major order as MaxPool's Indices: the
    /// input viewed as [N, C, Ho, k, Wo, k] is transposed to [N, C, Ho, Wo, k·k] so each window is contiguous,
    /// then ArgMax. The transpose keeps k-wide runs contiguous; ORT's CPU SpaceToDepth measured 2.5× slower.
    /// </summary>
    private static Var FirstMaxSlot(GradContext g, ConvGeometry geo, bool keepDims)
    {
        var b = g.B;
        var k = geo.Kernel[0];
        var (c, ho, wo) = (geo.Channels(g), geo.Output[0], geo.Output[1]);
        var windows = b.Reshape(b.Transpose(b.Reshape(g.I(0), [0, c, ho, k, wo, k]), 0, 1, 2, 4, 3, 5), [0, c, ho, wo, k * k]);
        return b.ArgMax(windows, axis: -1, keepDims);
    }

    /// <summary>
    /// CPU: the first-maximum slot becomes MaxPool's flat NCHW index (slot → (dy, dx) offset, plus each
    /// window's origin and the sample's start) and MaxUnpool scatters dY there: cheaper on ORT's CPU than
    /// any dense rearrangement, and MaxPool's own Indices output is slower still.
    /// </summary>
    private static Var WindowArgMaxUnpool(GradContext g, ConvGeometry geo)
    {
        var b = g.B;
        var k = geo.Kernel[0];
        var (c, h, w, ho, wo) = (geo.Channels(g), geo.Input[0], geo.Input[1], geo.Output[0], geo.Output[1]);
        var origins = new long[c * ho * wo];
        for (var i = 0; i < origins.Length; i++)
            origins[i] = i / (ho * wo) * h * w + i / wo % ho * k * w + i % wo * k;
        var slot = FirstMaxSlot(g, geo, keepDims: false);
        // slot → dy·W + dx = dy·(W − k) + slot with dy = slot / k (elementwise: ORT's CPU Gather is slow here).
        var dy = b.Div(slot, b.ScalarInt64(k, "window"));
        var inWindow = b.Add(b.Mul(dy, b.ScalarInt64(w - k, "row_skip")), slot);
        var windowOrigin = b.Constant(Tensor.FromInt64s("window_origins", [c, ho, wo], origins));
        var batch = b.Gather(b.Shape(g.I(0)), b.ScalarInt64(0, "batch_axis"));
        var sampleStart = b.Mul(b.Op("Range", [b.ScalarInt64(0, "zero"), batch, b.ScalarInt64(1, "one")]), b.ScalarInt64(c * h * w, "sample_size"));
        var indices = b.Add(b.Add(inWindow, windowOrigin), b.Reshape(sampleStart, [-1, 1, 1, 1]));
        return b.Op("MaxUnpool", [g.GO(0), indices, b.Shape(g.I(0))],
            Attr.IntList("kernel_shape", k, k), Attr.IntList("strides", k, k));
    }

    /// <summary>
    /// CUDA (no MaxUnpool kernel there): dY goes to the first-maximum slot of each [N, C, Ho, Wo, k·k]
    /// window and the inverse transpose puts the windows back in place.
    /// </summary>
    private static Var WindowArgMaxGradient(GradContext g, ConvGeometry geo)
    {
        var b = g.B;
        var k = geo.Kernel[0];
        var (c, h, w, ho, wo) = (geo.Channels(g), geo.Input[0], geo.Input[1], geo.Output[0], geo.Output[1]);
        var first = FirstMaxSlot(g, geo, keepDims: true);
        var slots = b.Constant(Tensor.FromInt64s("window_slots", [k * k], [.. Enumerable.Range(0, (int)(k * k)).Select(i => (long)i)]));
        var routed = b.Where(b.Equal(first, slots), b.Unsqueeze(g.GO(0), -1), g.Scalar(0));
        return b.Reshape(b.Transpose(b.Reshape(routed, [0, c, ho, wo, k, k]), 0, 1, 2, 4, 3, 5), [0, c, h, w]);
    }

    /// <summary>
    /// dX = ConvTranspose of dY/count with a ones kernel, one channel at a time (N·C folded into the batch).
    /// The divisor is 1/K when padding counts, else a static per-window map of in-bounds elements.
    /// </summary>
    [Gradient("AveragePool")]
    private static Var?[] AveragePool(GradContext g)
    {
        if (g.Int("ceil_mode", 0) != 0) throw new NotSupportedException($"Gradient of {g.Node}: ceil_mode=1 is not supported.");
        var a = PoolAttrs.FromNode(g.Node);
        var geo = ConvGeometry.Of(g, a.KernelShape, a.Strides, a.Pads, [.. Enumerable.Repeat(1L, a.KernelShape.Length)]);
        var b = g.B;
        var countPads = g.Int("count_include_pad", 0) == 1 || geo.Pads.All(p => p == 0);
        var kernelSize = geo.KernelSize;
        var dy = countPads ? g.GO(0) : b.Mul(g.GO(0), InverseCounts(g, geo));
        var weight = Filled(g, "ones", [1, 1, .. geo.Kernel], countPads ? 1.0 / kernelSize : 1.0);
        var perChannel = b.Reshape(dy, [-1, 1, .. geo.Output]);
        var dx = b.ConvTranspose(perChannel, weight, geo.TransposeAttrs, geo.OutputPadding);
        return [ShapeOpRules.ShapedLike(g, dx, g.I(0))];
    }

    /// <summary>1 / (number of non-padding elements) of each output window, shaped like the spatial output.</summary>
    private static Var InverseCounts(GradContext g, ConvGeometry geo)
    {
        long InBounds(int axis, long o)
        {
            var start = o * geo.Strides[axis] - geo.Pads[axis];
            return Math.Min(start + geo.Kernel[axis], geo.Input[axis]) - Math.Max(start, 0);
        }
        var total = geo.OutputSize;
        var values = new double[total];
        for (var flat = 0L; flat < total; flat++)
        {
            long count = 1, rest = flat;
            for (var axis = geo.Rank - 1; axis >= 0; axis--)
            {
                count *= InBounds(axis, rest % geo.Output[axis]);
                rest /= geo.Output[axis];
            }
            values[flat] = 1.0 / count;
        }
        return g.Constant("inv_count", geo.Output, values);
    }

    [Gradient("GlobalAveragePool")]
    private static Var?[] GlobalAveragePool(GradContext g) =>
        [ReduceRules.BroadcastBack(g, g.GO(0), ReduceRules.Count(g, g.I(0), g.O(0)))];

    private static Var Filled(GradContext g, string name, long[] dims, double value) =>
        g.Constant(name, dims, [.. Enumerable.Repeat(value, (int)Tensor.ElementCount(dims))]);
}
