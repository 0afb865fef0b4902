namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Convolution (group 1, explicit pads). Input gradient: for stride 1, a plain Conv of dY with the kernel
/// flipped and its channel axes swapped (MLAS's direct conv path; ConvTranspose's col2im measured 1.3–1.6×
/// slower inside the convnet's train step); other strides use ConvTranspose. Weight gradient: im2col by a
/// one-hot grouped Conv and a batched MatMul. Conv(Xᵀ, dYᵀ) measured 2–6× slower on CPU (its GEMM has only
/// k² columns); im2col by strided Slices + Concat ~1.6× slower than the one-hot Conv.
/// </summary>
internal static class ConvRules
{
    [Gradient("Conv")]
    private static Var?[] Conv(GradContext g)
    {
        var wShape = g.RequireStaticShape(g.I(1));
        var a = ConvAttrs.FromNode(g.Node, wShape[2..]);
        if (a.Group != 1) throw new NotSupportedException($"Gradient of {g.Node}: group={a.Group}; only group=1 is supported.");
        var geo = ConvGeometry.Of(g, a.KernelShape, a.Strides, a.Pads, a.Dilations);
        var spatialAxes = Enumerable.Range(2, geo.Rank).Select(i => (long)i);
        return [g.Needs(0) ? InputGrad(g, geo) : null,
                g.Needs(1) ? WeightGrad(g, geo, a, wShape) : null,
                g.Needs(2) ? g.B.ReduceSum(g.GO(0), [0, .. spatialAxes], keepDims: false) : null];
    }

    /// <summary>
    /// dX[n, c, i] = Σ_{m, k} dY[n, m, i + p − d·k] · W[m, c, k]: for stride 1 that is a correlation of dY with
    /// W[m, c, K−1−k] over m, i.e. Conv(dY, flip(W)ᵀ) with pads d·(K−1) − p on each side (which gives exactly
    /// the input's size). Pads larger than the dilated kernel span would need a crop: ConvTranspose then.
    /// </summary>
    private static Var InputGrad(GradContext g, ConvGeometry geo)
    {
        var b = g.B;
        var spans = Enumerable.Range(0, geo.Rank).Select(i => geo.Span(i) - 1).ToArray();
        var pads = geo.Pads.Select((p, i) => spans[i % geo.Rank] - p).ToArray();
        if (geo.Strides.Any(s => s != 1) || pads.Any(p => p < 0))
            return b.ConvTranspose(g.GO(0), g.I(1), geo.TransposeAttrs, geo.OutputPadding);
        var spatialAxes = Enumerable.Range(2, geo.Rank).Select(i => (long)i).ToArray();
        var swapped = b.Transpose(g.I(1), [1, 0, .. spatialAxes]);
        var flipped = b.Slice(swapped, [.. spatialAxes.Select(_ => -1L)], [.. spatialAxes.Select(_ => long.MinValue)], spatialAxes,
            [.. spatialAxes.Select(_ => -1L)]);
        return b.Conv(g.GO(0), flipped, Var.None, new ConvAttrs(geo.Kernel, geo.Strides, pads, geo.Dilations));
    }

    /// <summary>
    /// dW[m, c, k] = Σ_{n, p} dY[n, m, p] · cols[n, c·K + k, p], with cols = im2col(X) computed by a grouped Conv
    /// whose kernels are one-hot (the forward's strides, pads and dilations, so padding comes for free):
    /// cols[n, c·K + k, p] = X[n, c, p·s + k·d − pad]. Per sample that is one [M, P] × [P, C·K] product; the
    /// smaller of dY and cols is the one transposed. The per-sample products are summed by a ones-row MatMul
    /// (ORT's CPU ReduceSum over the leading axis measured ~3× slower) before the small result is transposed.
    /// </summary>
    private static Var WeightGrad(GradContext g, ConvGeometry geo, ConvAttrs a, long[] wShape)
    {
        var b = g.B;
        var (filters, channels) = (wShape[0], geo.Channels(g));
        var kernelSize = geo.Kernel.Aggregate(1L, (p, k) => p * k);
        var cols = b.Reshape(b.Conv(g.I(0), OneHotKernels(g, channels, geo.Kernel), Var.None, a with { Group = channels }),
            [0, channels * kernelSize, -1]);
        var dy = b.Reshape(g.GO(0), [0, filters, -1]);
        if (channels * kernelSize <= filters)
            return b.Reshape(SumOverBatch(g, b.Reshape(b.MatMul(dy, b.Transpose(cols, 0, 2, 1)), [0, -1])), wShape);
        var transposed = SumOverBatch(g, b.Reshape(b.MatMul(cols, b.Transpose(dy, 0, 2, 1)), [0, -1]));
        return b.Reshape(b.Transpose(b.Reshape(transposed, [channels * kernelSize, filters]), 1, 0), wShape);
    }

    /// <summary>Σ over the leading (batch) axis of a [N, F] tensor as ones[1, N] × it.</summary>
    private static Var SumOverBatch(GradContext g, Var rows)
    {
        var b = g.B;
        var batch = b.Slice(b.Shape(rows), [0], [1], [0]);
        var ones = b.Expand(g.Constant("one", [1, 1], [1.0]), b.Concat(0, g.Ints1D(1), batch));
        return b.MatMul(ones, rows);
    }

    /// <summary>[C·K, 1, kernel…]: output channel c·K + k of group c copies the input at kernel offset k.</summary>
    private static Var OneHotKernels(GradContext g, long channels, long[] kernel)
    {
        var kernelSize = kernel.Aggregate(1L, (p, k) => p * k);
        long[] dims = [channels * kernelSize, 1, .. kernel];
        var count = (int)(channels * kernelSize * kernelSize);
        var values = new double[count];
        for (var o = 0L; o < channels * kernelSize; o++) values[o * kernelSize + o % kernelSize] = 1;
        return g.Constant("im2col_kernels", dims, values);
    }
}
