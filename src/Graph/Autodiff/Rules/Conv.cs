namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Convolution (any group, explicit pads). Input gradient: for stride 1, a plain Conv of dY with the kernel
/// flipped and its channel axes swapped within each group (MLAS's direct conv path; ConvTranspose's col2im measured 1.3–1.6×
/// slower inside the convnet's train step); other strides use ConvTranspose. Weight gradient: im2col by a
/// one-hot grouped Conv (or, stride 1, column shifts of X against row shifts of dY) and a MatMul batched
/// over samples and groups, in cache-sized batch chunks on the CPU. Conv(Xᵀ, dYᵀ) measured
/// 2–6× slower on CPU (its GEMM has only k² columns); im2col by strided Slices + Concat ~1.6× slower than the
/// one-hot Conv. Input gradient as a batched MatMul of Wᵀ with dY and Col2Im (opset 18) measured 1.25–1.3× faster than the
/// Conv alone where the layer widens (32→64 channels, 3×3 and 5×5, 14×14) and 1.1–1.3× slower where it does not, but inside
/// the convnet's and the TF-doc net's train steps at opset 18 it gained nothing (whole runs 1.00×, its profiled time no lower).
/// </summary>
internal static class ConvRules
{
    [Gradient("Conv")]
    private static Var?[] Conv(GradContext g)
    {
        var wShape = g.RequireStaticShape(g.I(1));
        var a = ConvAttrs.FromNode(g.Node, wShape[2..]);
        var geo = ConvGeometry.Of(g, a.KernelShape, a.Strides, a.Pads, a.Dilations);
        var channels = geo.Channels(g);
        if (a.Group < 1 || wShape[0] % a.Group != 0 || wShape[1] * a.Group != channels)
            throw new NotSupportedException(
                $"Gradient of {g.Node}: group={a.Group} does not fit {channels} input channels and {wShape[0]} filters of {wShape[1]} " +
                "channels each (it must divide both, each filter seeing channels/group of them).");
        return [g.Needs(0) ? g.InScope(Gradients.InputGradientScope, () => InputGrad(g, geo, a.Group, wShape)) : null,
                g.Needs(1) ? g.InScope(Gradients.WeightGradientScope, () => WeightGrad(g, geo, a, wShape)) : null,
                g.Needs(2) ? g.B.ReduceSum(g.GO(0), [0, .. geo.SpatialAxes], keepDims: false) : null];
    }

    /// <summary>
    /// dX[n, c, i] = Σ_{m, k} dY[n, m, i + p − d·k] · W[m, c, k] (m over c's group): for stride 1 that is a correlation of dY
    /// with W[m, c, K−1−k] over m, i.e. Conv(dY, flip(W)ᵀ) with the same groups and pads d·(K−1) − p on each side (which
    /// gives exactly the input's size). Pads larger than the dilated kernel span would need a crop: ConvTranspose then,
    /// whose [M, C/G, kernel…] weight is the forward's own.
    /// </summary>
    private static Var InputGrad(GradContext g, ConvGeometry geo, long groups, long[] wShape)
    {
        var b = g.B;
        var spans = Enumerable.Range(0, geo.Rank).Select(i => geo.Span(i) - 1).ToArray();
        var pads = geo.Pads.Select((p, i) => spans[i % geo.Rank] - p).ToArray();
        if (geo.Strides.Any(s => s != 1) || pads.Any(p => p < 0))
            return b.ConvTranspose(g.GO(0), g.I(1), geo.TransposeAttrs with { Group = groups }, geo.OutputPadding);
        return b.Conv(g.GO(0), FlippedTransposedKernel(g, geo, groups, wShape), Var.None,
            new ConvAttrs(geo.Kernel, geo.Strides, pads, geo.Dilations, groups));
    }

    /// <summary>
    /// W[g·M' + m, c, k] → W[g·C' + c, m, K−1−k] (M' filters and C' channels a group). Flipping every spatial axis reverses the
    /// flattened kernel, which a MatMul with the [K, K] exchange matrix does exactly (each output is one weight times 1 plus
    /// zeros): ~5× faster on ORT's CPU than a negative-step Slice.
    /// </summary>
    private static Var FlippedTransposedKernel(GradContext g, ConvGeometry geo, long groups, long[] wShape)
    {
        var b = g.B;
        var (filters, channels, size) = (wShape[0] / groups, wShape[1], geo.KernelSize);
        var exchange = new double[size * size];
        for (var i = 0L; i < size; i++) exchange[i * size + size - 1 - i] = 1;
        var swapped = b.Transpose(b.Reshape(g.I(1), [groups, filters, channels, size]), 0, 2, 1, 3);
        return b.Reshape(b.MatMul(swapped, g.Constant("kernel_flip", [size, size], exchange)), [groups * channels, filters, .. geo.Kernel]);
    }

    /// <summary>
    /// dW of a depthwise layer on the CPU as one convolution over the stacked batch (<see cref="StackedDepthwiseWeightGrad"/>)
    /// where it applies; otherwise as a sum over the batch of per-sample products (<see cref="RowShiftProduct"/> where its
    /// operands are smaller, else <see cref="Im2ColProduct"/>). On the CPU, a layer whose product operands are large runs in
    /// batch chunks of about <see cref="CpuChunkSamples"/> samples, each operand read back by its MatMul while it is still in cache (one
    /// whole-batch im2col of the convnet's 32-channel 28×28 layer is 29 MB at batch 32 and 115 MB at 128, measured 1.3×
    /// slower than chunks). A stride-1 variant without im2col (one contiguous Slice of the zero-padded, flattened X per
    /// kernel offset and a batched MatMul each) measured the same at batch 32 and 1.2× slower at 128: ORT's Pad and Slice
    /// copy on one thread. On the CUDA target the per-sample products are summed by ReduceSum (unmeasured there).
    /// </summary>
    private static Var WeightGrad(GradContext g, ConvGeometry geo, ConvAttrs a, long[] wShape)
    {
        if (StackedDepthwiseWeightGrad.TryBuild(g, geo, a, wShape) is { } stacked) return stacked;
        var b = g.B;
        var (filters, channels) = (wShape[0], geo.Channels(g));
        var product = UsesRowShifts(geo, filters, channels)
            ? RowShiftProduct(g, geo, a, filters, channels)
            : Im2ColProduct(g, geo, a, filters, channels);
        if (g.Target != GradientTarget.Cpu)
            return product.ToWeight(b.ReduceSum(product.PerSample(g.I(0), g.GO(0)), [0], keepDims: false));
        var chunks = product.BytesPerSample >= ChunkedBytes
            ? (int)Math.Clamp((g.BatchSize + CpuChunkSamples - 1) / CpuChunkSamples, 1, CpuMaxChunks) : 1;
        var weightSize = wShape.Aggregate(1L, (p, d) => p * d);
        Var Chunk(Var x, Var dy, Var ones) => b.MatMul(ones, b.Reshape(product.PerSample(x, dy), [0, weightSize]));
        var sampleOnes = SampleOnes(g);
        if (chunks == 1) return product.ToWeight(Chunk(g.I(0), g.GO(0), sampleOnes));
        var sizes = ChunkSizes(g, chunks);
        var xs = b.Node("Split", [g.I(0), sizes], chunks, Attr.Int("axis", 0));
        var dys = b.Node("Split", [g.GO(0), sizes], chunks, Attr.Int("axis", 0));
        var ones = b.Node("Split", [sampleOnes, sizes], chunks, Attr.Int("axis", 1));
        return product.ToWeight(b.Sum([.. Enumerable.Range(0, chunks).Select(i => Chunk(xs[i], dys[i], ones[i]))]));
    }

    /// <summary>
    /// [1, N] ones of the node's floating type. On the CPU the per-sample products [n, K] are summed by a MatMul with them:
    /// ORT's CPU ReduceSum over a leading axis measured ~3.5× slower than this GEMV on the convnet's [8, 192·192] chunks.
    /// </summary>
    private static Var SampleOnes(GradContext g) => g.OnesOfShape(g.B.Concat(0, g.Ints1D(1), BatchSize(g)));

    /// <summary>The input's batch size N as a [1] tensor.</summary>
    private static Var BatchSize(GradContext g) => g.B.Slice(g.B.Shape(g.I(0)), [0], [1], [0]);

    /// <summary>
    /// The weight gradient's per-sample products [n, ·, ·] of an x and dY chunk, the bytes of both operands of one sample's
    /// product (what decides chunking), and how their sum over the batch becomes the kernel's [M, C, kernel…].
    /// </summary>
    private sealed record WeightProduct(Func<Var, Var, Var> PerSample, long BytesPerSample, Func<Var, Var> ToWeight);

    /// <summary>
    /// dW[m, c, k] = Σ_{n, p} dY[n, m, p] · cols[n, c·K + k, p] (c over m's group), with cols = im2col(X) computed by a grouped
    /// Conv whose kernels are one-hot (the forward's strides, pads and dilations, so padding comes for free):
    /// cols[n, c·K + k, p] = X[n, c, p·s + k·d − pad]. Per sample and group that is one [M/G, P] × [P, C/G·K] product.
    /// </summary>
    private static WeightProduct Im2ColProduct(GradContext g, ConvGeometry geo, ConvAttrs a, long filters, long channels)
    {
        var b = g.B;
        var (groups, positions) = (a.Group, geo.OutputSize);
        var rows = channels / groups * geo.KernelSize;
        var im2col = OneHotKernels(g, channels, geo.Kernel, flipped: false);
        // Explicit dims (no -1): a chunk may be empty when the batch is smaller than the chunk count.
        Var PerSample(Var x, Var dy) => b.MatMul(b.Reshape(dy, [0, groups, filters / groups, positions]),
            b.Transpose(b.Reshape(b.Conv(x, im2col, Var.None, a with { Group = channels }), [0, groups, rows, positions]), 0, 1, 3, 2));
        return new(PerSample, (channels * geo.KernelSize + filters) * positions * sizeof(float),
            dW => b.Reshape(dW, [filters, channels / groups, .. geo.Kernel]));
    }

    /// <summary>
    /// Stride 1, no dilation, 2-D: the kernel's column offsets are taken from X and its row offsets from dY, so neither side
    /// is a full im2col. Over X's own H rows (the padding rows hold zeros and add nothing), with i = h + kh − pad_top:
    /// dW[m, c, kh, kw] = Σ_{n, i, w} dYrows[n, m·kH + kh, i, w] · Xcols[n, c·kW + kw, i, w] (c over m's group), where
    /// Xcols[n, c·kW + kw, i, w] = X[n, c, i, w + kw − pad_left], zero outside (a one-hot [1, kW] grouped Conv with the forward's
    /// column pads) and dYrows[n, m·kH + kh, i, w] = dY[n, m, i + pad_top − kh, w], zero outside (a one-hot [kH, 1] grouped Conv
    /// padded kH − 1 − pad rows). Per sample and group that is one [M/G·kH, H·W'] × [H·W', C/G·kW] product. Its operands hold
    /// (C·kW + M·kH)·H·W' values against im2col's C·kH·kW·H'·W', each built with kW or kH multiply-adds per value instead of
    /// kH·kW (ORT's grouped Conv costs about the same per multiply-add, zero or not).
    /// </summary>
    private static WeightProduct RowShiftProduct(GradContext g, ConvGeometry geo, ConvAttrs a, long filters, long channels)
    {
        var b = g.B;
        var (kh, kw, groups) = (geo.Kernel[0], geo.Kernel[1], a.Group);
        var (groupFilters, groupChannels) = (filters / groups, channels / groups);
        var positions = RowShiftPositions(geo);
        var columnKernels = OneHotKernels(g, channels, [1, kw], flipped: false);
        var rowKernels = OneHotKernels(g, filters, [kh, 1], flipped: true);
        var columnAttrs = new ConvAttrs([1, kw], [1, 1], [0, a.Pads[1], 0, a.Pads[3]], [1, 1], channels);
        var rowAttrs = new ConvAttrs([kh, 1], [1, 1], [kh - 1 - a.Pads[0], 0, kh - 1 - a.Pads[2], 0], [1, 1], filters);
        Var PerSample(Var x, Var dy) => b.MatMul(
            b.Reshape(b.Conv(dy, rowKernels, Var.None, rowAttrs), [0, groups, groupFilters * kh, positions]),
            b.Transpose(b.Reshape(b.Conv(x, columnKernels, Var.None, columnAttrs), [0, groups, groupChannels * kw, positions]), 0, 1, 3, 2));
        return new(PerSample, (channels * kw + filters * kh) * positions * sizeof(float),
            dW => b.Reshape(b.Transpose(b.Reshape(dW, [groups, groupFilters, kh, groupChannels, kw]), 0, 1, 3, 2, 4), [filters, groupChannels, kh, kw]));
    }

    /// <summary>Positions H·W' of the row-shift product: the input's rows by the output's columns.</summary>
    private static long RowShiftPositions(ConvGeometry geo) => geo.Input[0] * geo.Output[1];

    /// <summary>
    /// The row-shift product where it applies (2-D, stride 1, no dilation, row pads below kH) and its operands are smaller than
    /// im2col's: the convnet's 32→32 and 64→64 layers (67% of im2col's values) and the TF-doc net's 5×5 32→64 one (60%), not a
    /// first layer with one input channel nor the convnet's 32→64 layer (a tie, measured no faster either way).
    /// </summary>
    private static bool UsesRowShifts(ConvGeometry geo, long filters, long channels) =>
        geo.Rank == 2 && geo.Strides.All(s => s == 1) && geo.Dilations.All(d => d == 1) &&
        geo.Pads[0] < geo.Kernel[0] && geo.Pads[2] < geo.Kernel[0] &&
        (channels * geo.Kernel[1] + filters * geo.Kernel[0]) * RowShiftPositions(geo) < channels * geo.KernelSize * geo.OutputSize;

    /// <summary>
    /// Samples per weight-gradient chunk on the CPU at the batch size the graph is tuned for: measured on the convnet,
    /// chunks of 8 beat 16 and 32 at batch 128 and 16 at batch 32; empty chunks are not free (~1 ms per step for 12 of
    /// them), so the chunk count follows the batch size given when the graph is built.
    /// </summary>
    private const long CpuChunkSamples = 8;

    /// <summary>Chunks at most, however large the batch.</summary>
    private const int CpuMaxChunks = 16;

    /// <summary>
    /// Bytes of one sample's product operands (both of them) from which the CPU weight gradient is chunked: smaller layers fit
    /// in cache whole. The convnet's 32→64 layer at 14×14 (276 KB) measured faster chunked, its 1→32 first layer (128 KB) not.
    /// </summary>
    private const long ChunkedBytes = 256 * 1024;

    /// <summary>
    /// [chunks] sizes ⌊N·(i+1)/chunks⌋ − ⌊N·i/chunks⌋ of the symbolic batch N: they differ by at most one and sum to N, so
    /// any batch runs (a batch smaller than the chunk count leaves some chunks empty).
    /// </summary>
    private static Var ChunkSizes(GradContext g, int chunks)
    {
        var b = g.B;
        var bounds = b.Div(b.Mul(BatchSize(g), g.Ints1D([.. Enumerable.Range(0, chunks + 1).Select(i => (long)i)])), g.Ints1D(chunks));
        return b.Sub(b.Slice(bounds, [1], [chunks + 1], [0]), b.Slice(bounds, [0], [chunks], [0]));
    }

    /// <summary>
    /// [G·K, 1, kernel…]: output channel g·K + k of group g copies the input at kernel offset k (K − 1 − k when
    /// <paramref name="flipped"/>, which shifts the input forward by k instead of back).
    /// </summary>
    private static Var OneHotKernels(GradContext g, long groups, long[] kernel, bool flipped)
    {
        var kernelSize = kernel.Aggregate(1L, (p, k) => p * k);
        long[] dims = [groups * kernelSize, 1, .. kernel];
        var values = new double[groups * kernelSize * kernelSize];
        for (var o = 0L; o < groups * kernelSize; o++)
        {
            var offset = o % kernelSize;
            values[o * kernelSize + (flipped ? kernelSize - 1 - offset : offset)] = 1;
        }
        return g.Constant("im2col_kernels", dims, values);
    }
}
