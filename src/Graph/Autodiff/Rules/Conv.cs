namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Convolution (group 1, explicit pads). Input gradient: for stride 1, a plain Conv of dY with the kernel
/// flipped and its channel axes swapped (MLAS's direct conv path; ConvTranspose's col2im measured 1.3–1.6×
/// slower inside the convnet's train step); other strides use ConvTranspose. Weight gradient: im2col by a
/// one-hot grouped Conv and a batched MatMul, in cache-sized batch chunks on the CPU. Conv(Xᵀ, dYᵀ) measured
/// 2–6× slower on CPU (its GEMM has only k² columns); im2col by strided Slices + Concat ~1.6× slower than the
/// one-hot Conv.
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
        return [g.Needs(0) ? InputGrad(g, geo) : null,
                g.Needs(1) ? WeightGrad(g, geo, a, wShape) : null,
                g.Needs(2) ? g.B.ReduceSum(g.GO(0), [0, .. geo.SpatialAxes], keepDims: false) : null];
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
        var spatialAxes = geo.SpatialAxes;
        var swapped = b.Transpose(g.I(1), [1, 0, .. spatialAxes]);
        var flipped = b.Slice(swapped, [.. spatialAxes.Select(_ => -1L)], [.. spatialAxes.Select(_ => long.MinValue)], spatialAxes,
            [.. spatialAxes.Select(_ => -1L)]);
        return b.Conv(g.GO(0), flipped, Var.None, new ConvAttrs(geo.Kernel, geo.Strides, pads, geo.Dilations));
    }

    /// <summary>
    /// dW[m, c, k] = Σ_{n, p} dY[n, m, p] · cols[n, c·K + k, p], with cols = im2col(X) computed by a grouped Conv
    /// whose kernels are one-hot (the forward's strides, pads and dilations, so padding comes for free):
    /// cols[n, c·K + k, p] = X[n, c, p·s + k·d − pad]. Per sample that is one [M, P] × [P, C·K] product.
    /// On the CPU, a layer whose im2col is large runs in batch chunks of about <see cref="CpuChunkSamples"/> samples, each
    /// im2col read back by its MatMul while it is still in cache (one whole-batch im2col of the convnet's
    /// 32-channel 28×28 layer is 29 MB at batch 32 and 115 MB at 128, measured 1.3× slower than chunks). A stride-1
    /// variant without im2col (one contiguous Slice of the zero-padded, flattened X per kernel offset and a batched
    /// MatMul each) measured the same at batch 32 and 1.2× slower at 128: ORT's Pad and Slice copy on one thread.
    /// </summary>
    private static Var WeightGrad(GradContext g, ConvGeometry geo, ConvAttrs a, long[] wShape)
    {
        var b = g.B;
        var (filters, channels) = (wShape[0], geo.Channels(g));
        var (rows, positions) = (channels * geo.KernelSize, geo.OutputSize);
        var im2col = OneHotKernels(g, channels, geo);
        Var Chunk(Var x, Var dy)
        {
            // Explicit dims (no -1): a chunk may be empty when the batch is smaller than the chunk count.
            var cols = b.Reshape(b.Conv(x, im2col, Var.None, a with { Group = channels }), [0, rows, positions]);
            var perSample = b.MatMul(b.Reshape(dy, [0, filters, positions]), b.Transpose(cols, 0, 2, 1));
            return b.ReduceSum(perSample, [0], keepDims: false);
        }
        var chunks = g.Target == GradientTarget.Cpu && rows * positions * sizeof(float) >= ChunkedIm2ColBytes
            ? (int)Math.Clamp((g.BatchSize + CpuChunkSamples - 1) / CpuChunkSamples, 1, CpuMaxChunks) : 1;
        if (chunks == 1) return b.Reshape(Chunk(g.I(0), g.GO(0)), wShape);
        var sizes = ChunkSizes(g, chunks);
        var xs = b.Node("Split", [g.I(0), sizes], chunks, Attr.Int("axis", 0));
        var dys = b.Node("Split", [g.GO(0), sizes], chunks, Attr.Int("axis", 0));
        return b.Reshape(b.Sum([.. xs.Zip(dys, Chunk)]), wShape);
    }

    /// <summary>
    /// Samples per weight-gradient chunk on the CPU at the batch size the graph is tuned for: measured on the convnet,
    /// chunks of 8 beat 16 and 32 at batch 128 and 16 at batch 32; empty chunks are not free (~1 ms per step for 12 of
    /// them), so the chunk count follows the batch size given when the graph is built.
    /// </summary>
    private const long CpuChunkSamples = 8;

    /// <summary>Chunks at most, however large the batch.</summary>
    private const int CpuMaxChunks = 16;

    /// <summary>Per-sample im2col size from which the CPU weight gradient is chunked (smaller layers fit in cache whole).</summary>
    private const long ChunkedIm2ColBytes = 256 * 1024;

    /// <summary>
    /// [chunks] sizes ⌊N·(i+1)/chunks⌋ − ⌊N·i/chunks⌋ of the symbolic batch N: they differ by at most one and sum to N, so
    /// any batch runs (a batch smaller than the chunk count leaves some chunks empty).
    /// </summary>
    private static Var ChunkSizes(GradContext g, int chunks)
    {
        var b = g.B;
        var batch = b.Slice(b.Shape(g.I(0)), [0], [1], [0]);
        var bounds = b.Div(b.Mul(batch, g.Ints1D([.. Enumerable.Range(0, chunks + 1).Select(i => (long)i)])), g.Ints1D(chunks));
        return b.Sub(b.Slice(bounds, [1], [chunks + 1], [0]), b.Slice(bounds, [0], [chunks], [0]));
    }

    /// <summary>[C·K, 1, kernel…]: output channel c·K + k of group c copies the input at kernel offset k.</summary>
    private static Var OneHotKernels(GradContext g, long channels, ConvGeometry geo)
    {
        var kernelSize = geo.KernelSize;
        long[] dims = [channels * kernelSize, 1, .. geo.Kernel];
        var count = (int)(channels * kernelSize * kernelSize);
        var values = new double[count];
        for (var o = 0L; o < channels * kernelSize; o++) values[o * kernelSize + o % kernelSize] = 1;
        return g.Constant("im2col_kernels", dims, values);
    }
}
