namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// The CPU weight gradient of a depthwise convolution (a group per channel, one filter each, no dilation) as one depthwise
/// convolution over the whole batch: per channel, the samples of X are stacked along the rows into one tall image and the
/// samples of dY into one tall kernel, so that correlating them sums over the batch and the positions at once and leaves
/// the kH × kW weight gradient as the output. Strides s become the kernel's dilation (dY's element y meets X's row
/// s·y + i). Per-sample dY·X products over so few outputs (3 × 3 per channel) run ONNX Runtime's batched MatMul on tiny
/// matrices, call overhead rather than arithmetic; this one convolution runs, in the session's NCHWc lowering, on MLAS's
/// blocked depthwise kernel: 6.2 against 10.7 ms at [64, 128, 14, 14] and 5.0 against 9.1 at [64, 32, 28, 28] (3×3, a
/// throwaway harness, both lowered). Without the blocked kernel it is slower (21 against 15 ms), so it is taken only where
/// the channels are whole NCHWc blocks of every x64 CPU (<see cref="BlockedChannels"/>).
/// <para>Where each sample's X rows are exactly s times its dY rows ("same" padding, rows a multiple of the stride), the
/// samples are stacked as they are and the few products a kernel row makes with the neighbouring sample's rows (where the
/// forward read its padding) are subtracted (<see cref="Unpadded"/>). Otherwise each sample's rows are padded with zeros
/// first (<see cref="Padded"/>). ONNX Runtime's Pad copies on one thread: in mobilenet_small's profiled step (batch 64) the
/// Pads took 5.0–9.3 of 100–120 ms, the row Gathers, Slices and Concats of the neighbour products that replace them 1.4–1.9.
/// </para>
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
        var aligned = Aligned(geo);
        if (ColumnPad(geo) < 0 || geo.Kernel[0] < geo.Strides[0] || !aligned && PaddedRows(geo).InputBottom < 0) return null;
        var b = g.B;
        // Channels first: [C, N, rows, columns].
        var (x, dy) = (b.Transpose(g.I(0), 1, 0, 2, 3), b.Transpose(g.GO(0), 1, 0, 2, 3));
        var weightGrad = aligned ? Unpadded(g, geo, channels, x, dy) : Padded(g, geo, channels, x, dy);
        return b.Reshape(weightGrad, [channels, 1, geo.Kernel[0], geo.Kernel[1]]);
    }

    /// <summary>
    /// Each sample's X rows are s·H' and the stacked correlation's top pad fits under kH − s (so it leaves kH output rows).
    /// </summary>
    private static bool Aligned(ConvGeometry geo) =>
        geo.Input[0] == geo.Strides[0] * geo.Output[0] && geo.Pads[0] <= geo.Kernel[0] - geo.Strides[0];

    /// <summary>
    /// The samples stacked as they are: output row i holds Σ dY[n, y]·X̃[n·H + s·y + i − top], where X̃ is the stacked X. Where
    /// t = s·y + i − top falls outside [0, H) the forward read zeros, but X̃ holds the previous (t &lt; 0) or next sample's row
    /// there; those products, one kernel row against one input row per sample, are subtracted.
    /// </summary>
    private static Var Unpadded(GradContext g, ConvGeometry geo, long channels, Var x, Var dy)
    {
        var b = g.B;
        var (kh, sh, top, rows) = (geo.Kernel[0], geo.Strides[0], geo.Pads[0], geo.Input[0]);
        var all = Correlate(g, geo, channels, x, dy, top, kh - sh - top, sh);
        var crossings = Enumerable.Range(0, (int)kh)
            .SelectMany(i => Enumerable.Range(0, (int)geo.Output[0]).Select(y => (i, y, Row: sh * y + i - top)))
            .Where(p => p.Row < 0 || p.Row >= rows).ToList();
        if (crossings.Count == 0) return all;
        var noSample = g.Constant("no_sample", [channels, 1, 1, geo.Input[1]], new double[channels * geo.Input[1]]);
        var corrections = Enumerable.Range(0, (int)kh).Select(i => crossings.Where(p => p.i == i)
            .Select(p => NeighbourProduct(g, geo, channels, x, dy, noSample, p.y, p.Row < 0 ? p.Row + rows : p.Row - rows, previous: p.Row < 0))
            .ToArray()).ToArray();
        var zeroRow = corrections.Any(c => c.Length == 0)
            ? g.Constant("zero_row", [1, channels, 1, geo.Kernel[1]], new double[channels * geo.Kernel[1]])
            : default;
        return b.Sub(all, b.Concat(2, [.. corrections.Select(c => c.Length == 0 ? zeroRow : b.Sum(c))]));
    }

    /// <summary>
    /// Σ_n dY[n, y]·X[n ∓ 1, row] correlated over the columns ([1, C, 1, kW]): kernel row y of each sample against input row
    /// <paramref name="row"/> of the sample before it (<paramref name="previous"/>) or after it, <paramref name="noSample"/>'s
    /// zeros ([C, 1, 1, W]) where there is none.
    /// </summary>
    private static Var NeighbourProduct(GradContext g, ConvGeometry geo, long channels, Var x, Var dy, Var noSample, long y, long row,
        bool previous)
    {
        var b = g.B;
        var rows = b.Slice(b.Gather(x, b.Constant([row], "row"), 2), [previous ? 0 : 1], [previous ? -1 : long.MaxValue], [1]);
        var neighbours = previous ? b.Concat(1, noSample, rows) : b.Concat(1, rows, noSample);
        return Correlate(g, geo, channels, neighbours, b.Gather(dy, b.Constant([y], "row"), 2), 0, 0, 1);
    }

    /// <summary>
    /// Each sample's rows padded (X by the forward's top pad and zeros below, dY by zeros below) so that s·y + i stays in the
    /// sample's block of X rows.
    /// </summary>
    private static Var Padded(GradContext g, ConvGeometry geo, long channels, Var x, Var dy)
    {
        var (kernelRows, inputBottom) = PaddedRows(geo);
        // Channels first, then each sample's rows padded (in that order: 1.05 against 1.22 ms at [64, 128, 14, 14]).
        return Correlate(g, geo, channels, PadRows(g.B, x, geo.Pads[0], inputBottom), PadRows(g.B, dy, 0, kernelRows - geo.Output[0]),
            0, geo.Kernel[0] - geo.Strides[0], geo.Strides[0]);
    }

    /// <summary>
    /// A padded sample's kernel rows (dY's and zeros, enough that s·y + i stays in the sample's block of X rows) and the zero
    /// rows below its X rows; those are negative where the forward's pads leave no such block.
    /// </summary>
    private static (long KernelRows, long InputBottom) PaddedRows(ConvGeometry geo)
    {
        var kernelRows = geo.Output[0] - 1 + (geo.Kernel[0] + geo.Strides[0] - 1) / geo.Strides[0];
        return (kernelRows, geo.Strides[0] * kernelRows - geo.Pads[0] - geo.Input[0]);
    }

    /// <summary>
    /// The depthwise correlation of the stacked [C, N, ·, W] input with the stacked [C, N, ·, W'] kernel, rows padded as
    /// given, the kernel's rows <paramref name="rowDilation"/> apart, columns by the forward's left pad and
    /// <see cref="ColumnPad"/>, the forward's column stride: [1, C, ·, kW].
    /// </summary>
    private static Var Correlate(GradContext g, ConvGeometry geo, long channels, Var x, Var dy, long top, long bottom, long rowDilation)
    {
        var b = g.B;
        var stacked = b.Reshape(x, [1, channels, -1, geo.Input[1]]);
        var kernel = b.Reshape(dy, [channels, 1, -1, geo.Output[1]]);
        // No kernel_shape: it is the batch's, known only when the step runs.
        return b.Op("Conv", [stacked, kernel], Attr.IntList("strides", 1, 1), Attr.IntList("dilations", rowDilation, geo.Strides[1]),
            Attr.IntList("pads", top, geo.Pads[1], bottom, ColumnPad(geo)), Attr.Int("group", channels));
    }

    /// <summary>The right pad that leaves kW output columns.</summary>
    private static long ColumnPad(ConvGeometry geo) =>
        geo.Kernel[1] + geo.Strides[1] * (geo.Output[1] - 1) - geo.Input[1] - geo.Pads[1];

    private static Var PadRows(GraphBuilder b, Var x, long top, long bottom) =>
        top == 0 && bottom == 0 ? x : b.Pad(x, [0, 0, top, 0, 0, 0, bottom, 0]);
}
