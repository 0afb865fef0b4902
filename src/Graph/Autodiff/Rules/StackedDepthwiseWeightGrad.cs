namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// The CPU weight gradient of a depthwise convolution (a group per channel, one filter each, no dilation) as one depthwise
/// convolution over the whole batch: per channel, the samples of X (padded) are stacked along the rows into one tall image
/// and the samples of dY into one tall kernel, so that correlating them sums over the batch and the positions at once and
/// leaves the kH × kW weight gradient as the output. Strides s become the kernel's dilation (dY's element y meets X's row
/// s·y + i). Per-sample dY·X products over so few outputs (3 × 3 per channel) run ONNX Runtime's batched MatMul on tiny
/// matrices, call overhead rather than arithmetic; this one convolution runs, in the session's NCHWc lowering, on MLAS's
/// blocked depthwise kernel: 6.2 against 10.7 ms at [64, 128, 14, 14] and 5.0 against 9.1 at [64, 32, 28, 28] (3×3, a
/// throwaway harness, both lowered). Without the blocked kernel it is slower (21 against 15 ms), so it is taken only where
/// the channels are whole NCHWc blocks of every x64 CPU (<see cref="BlockedChannels"/>).
/// </summary>
internal static class StackedDepthwiseWeightGrad
{
    /// <summary>Channels in whole blocks of both MLAS block sizes (8 with AVX2, 16 with AVX-512).</summary>
    private const long BlockedChannels = 16;

    /// <summary>dW [C, 1, kH, kW], or null where the stacking does not apply.</summary>
    public static Var? TryBuild(GradContext g, ConvGeometry geo, ConvAttrs a, long[] wShape)
    {
        var channels = geo.Channels(g);
        if (g.Target != GradientTarget.Cpu || geo.Rank != 2 || a.Group != channels || wShape[0] != channels || wShape[1] != 1
            || channels % BlockedChannels != 0 || geo.Dilations.Any(d => d != 1)) return null;
        var (kh, kw, sh, sw) = (geo.Kernel[0], geo.Kernel[1], geo.Strides[0], geo.Strides[1]);
        var (top, left) = (geo.Pads[0], geo.Pads[1]);
        // Each sample's block of kernel rows: dY's H' rows and zeros, tall enough that s·y + i stays in the sample's block of
        // X rows (s times as many, X's top pad, its H rows and zeros).
        var kernelRows = geo.Output[0] - 1 + (kh + sh - 1) / sh;
        var inputBottom = sh * kernelRows - top - geo.Input[0];
        // Right pad that leaves kW output columns; bottom pad that leaves kH output rows.
        var convRight = kw + sw * (geo.Output[1] - 1) - geo.Input[1] - left;
        if (inputBottom < 0 || convRight < 0 || kh < sh) return null;

        var b = g.B;
        // Channels first, then each sample's rows padded (in that order: 1.05 against 1.22 ms at [64, 128, 14, 14]).
        var stacked = b.Reshape(PadRows(b, b.Transpose(g.I(0), 1, 0, 2, 3), top, inputBottom), [1, channels, -1, geo.Input[1]]);
        var kernel = b.Reshape(PadRows(b, b.Transpose(g.GO(0), 1, 0, 2, 3), 0, kernelRows - geo.Output[0]), [channels, 1, -1, geo.Output[1]]);
        // No kernel_shape: it is the batch's, known only when the step runs.
        var weightGrad = b.Op("Conv", [stacked, kernel], Attr.IntList("strides", 1, 1), Attr.IntList("dilations", sh, sw),
            Attr.IntList("pads", 0, left, kh - sh, convRight), Attr.Int("group", channels));
        return b.Reshape(weightGrad, [channels, 1, kh, kw]);
    }

    private static Var PadRows(GraphBuilder b, Var x, long top, long bottom) =>
        top == 0 && bottom == 0 ? x : b.Pad(x, [0, 0, top, 0, 0, 0, bottom, 0]);
}
