namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Convolution (group 1, explicit pads). Input gradient: ConvTranspose of dY with the same weights. Weight
/// gradient: im2col by a one-hot grouped Conv and a batched MatMul. Conv(Xᵀ, dYᵀ) measured 2–4× slower on
/// CPU; im2col by one strided Slice per kernel offset and a Gemm on a transposed dY measured ~2× slower than
/// this at batch 128 (the seed CNN).
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
        return [g.Needs(0) ? g.B.ConvTranspose(g.GO(0), g.I(1), geo.TransposeAttrs, geo.OutputPadding) : null,
                g.Needs(1) ? WeightGrad(g, geo, a, wShape) : null,
                g.Needs(2) ? g.B.ReduceSum(g.GO(0), [0, .. spatialAxes], keepDims: false) : null];
    }

    /// <summary>
    /// dW[m, c, k] = Σ_{n, p} dY[n, m, p] · cols[n, c·K + k, p], with cols = im2col(X) computed by a grouped Conv
    /// whose kernels are one-hot (the forward's strides, pads and dilations, so padding comes for free):
    /// cols[n, c·K + k, p] = X[n, c, p·s + k·d − pad]. Per sample that is one [M, P] × [P, C·K] product, summed
    /// over the batch; the smaller of dY and cols is the one transposed.
    /// </summary>
    private static Var WeightGrad(GradContext g, ConvGeometry geo, ConvAttrs a, long[] wShape)
    {
        var b = g.B;
        var (filters, channels) = (wShape[0], geo.Channels(g));
        var kernelSize = geo.Kernel.Aggregate(1L, (p, k) => p * k);
        var cols = b.Reshape(b.Conv(g.I(0), OneHotKernels(g, channels, geo.Kernel), Var.None, a with { Group = channels }),
            [0, channels * kernelSize, -1]);
        var dy = b.Reshape(g.GO(0), [0, filters, -1]);
        var perSample = channels * kernelSize <= filters
            ? b.MatMul(dy, b.Transpose(cols, 0, 2, 1))
            : b.Transpose(b.MatMul(cols, b.Transpose(dy, 0, 2, 1)), 0, 2, 1);
        return b.Reshape(b.ReduceSum(perSample, [0], keepDims: false), wShape);
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
