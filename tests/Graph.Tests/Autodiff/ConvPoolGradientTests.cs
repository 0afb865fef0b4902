using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>Conv and pooling gradients, in float32: ORT CPU has no double Conv, ConvTranspose, MaxUnpool or GlobalAveragePool kernel.</summary>
public class ConvPoolGradientTests
{
    private static Arg X(long c, long h, long w, int seed = 1) => Arg.Random("x", [2, c, h, w], seed);

    /// <summary>
    /// Fewer filters than channels × kernel offsets transposes dY for the weight gradient; more (the last rows) transposes im2col.
    /// Stride 1 takes the input gradient as a Conv with the flipped kernel (pads span − pad: 2, 2, 1, 1, 0); a pad wider than the
    /// kernel span (2×2, pad 2) and strides above 1 take ConvTranspose.
    /// </summary>
    [Theory]
    [InlineData(1, 3, 1, 0, 1, 3)]
    [InlineData(3, 3, 2, 1, 1, 3)]
    [InlineData(2, 3, 1, 2, 2, 3)]
    [InlineData(2, 2, 3, 1, 1, 3)]
    [InlineData(1, 3, 1, 1, 1, 10)]
    [InlineData(2, 2, 2, 1, 2, 8)]
    [InlineData(4, 3, 1, 1, 1, 5)]
    [InlineData(3, 5, 1, 2, 1, 2)]
    [InlineData(2, 2, 1, 2, 1, 3)]
    public void Conv(long channels, long kernel, long stride, long pad, long dilation, long filters)
    {
        var attrs = new ConvAttrs([kernel, kernel], [stride, stride], [pad, pad, pad, pad], [dilation, dilation]);
        GradCheck.Check((b, v) => b.Conv(v[0], v[1], v[2], attrs),
            [X(channels, 7, 6) with { SymbolicBatch = true }, Arg.Random("w", [filters, channels, kernel, kernel], 2), Arg.Random("bias", [filters], 3)],
            ElementType.Float);
    }

    /// <summary>
    /// Grouped convolutions, depthwise (a group per channel, with a channel multiplier) among them: stride 1 takes the grouped
    /// Conv with each group's kernel flipped and transposed, strides above 1 (and a pad wider than the kernel span) a grouped
    /// ConvTranspose; the weight gradient is, per group, the row-shift product where it is smaller (the first rows) or im2col
    /// against dY, on both targets.
    /// </summary>
    [Theory]
    [InlineData(4, 4, 4, 3, 1, 1, 1, GradientTarget.Cpu)]
    [InlineData(4, 4, 2, 3, 1, 1, 1, GradientTarget.Cpu)]
    [InlineData(4, 4, 4, 3, 1, 1, 1, GradientTarget.Cuda)]
    [InlineData(3, 6, 3, 3, 1, 1, 1, GradientTarget.Cpu)]
    [InlineData(3, 6, 3, 3, 2, 1, 1, GradientTarget.Cpu)]
    [InlineData(4, 6, 2, 3, 1, 2, 2, GradientTarget.Cpu)]
    [InlineData(6, 4, 2, 2, 2, 0, 1, GradientTarget.Cpu)]
    [InlineData(4, 8, 4, 2, 1, 3, 1, GradientTarget.Cpu)]
    [InlineData(3, 6, 3, 3, 1, 1, 1, GradientTarget.Cuda)]
    [InlineData(4, 6, 2, 3, 2, 1, 1, GradientTarget.Cuda)]
    public void Grouped_conv(long channels, long filters, long group, long kernel, long stride, long pad, long dilation, GradientTarget target)
    {
        var attrs = new ConvAttrs([kernel, kernel], [stride, stride], [pad, pad, pad, pad], [dilation, dilation], group);
        GradCheck.Check((b, v) => b.Conv(v[0], v[1], v[2], attrs),
            [X(channels, 7, 6) with { SymbolicBatch = true }, Arg.Random("w", [filters, channels / group, kernel, kernel], 2),
             Arg.Random("bias", [filters], 3)],
            ElementType.Float, target: target);
    }

    [Fact]
    public void A_group_that_does_not_fit_the_channels_is_refused_naming_the_node()
    {
        var attrs = new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 2);
        Arg[] args = [X(3, 5, 5), Arg.Random("w", [4, 1, 3, 3], 2)];
        var error = Assert.Throws<NotSupportedException>(() => BackwardGraph((b, v) => b.Conv(v[0], v[1], Var.None, attrs), args, new GradientOptions()));
        Assert.Contains("group=2 does not fit 3 input channels and 4 filters of 1 channels", error.Message);
        Assert.Contains("Conv '", error.Message);
    }

    /// <summary>
    /// Depthwise layers large enough for the CPU's batch chunks (≥ 256 KB of operands a sample), against finite differences of
    /// the kernel: one output channel per input channel takes the row-shift product, two the im2col one (no smaller there).
    /// </summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Depthwise_conv_weight_gradient_in_batch_chunks(long multiplier, bool rowShifts)
    {
        var attrs = new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 8);
        Var Conv(GraphBuilder b, Var[] v) => b.Conv(v[0], v[1], Var.None, attrs);
        Arg[] args = [Arg.Random("x", [11, 8, 48, 48], 1) with { SymbolicBatch = true, Differentiate = false }, Arg.Random("w", [8 * multiplier, 1, 3, 3], 2)];
        GradCheck.Check(Conv, args, ElementType.Float, new Tolerance(1, 3e-3, 2e-2));
        Assert.Equal(rowShifts, UsesRowShifts(Conv, args));
        Assert.Equal([4, 4, 4], ChunkCounts(Conv, args, new GradientOptions()));
    }

    /// <summary>
    /// Layers whose weight-gradient operands are large (here ≥ 256 KB a sample) take the CPU's batch-chunked weight gradient
    /// (4 chunks when tuned for batch 32), against finite differences of the kernel: a batch smaller than the chunk count
    /// (empty chunks), one not divisible by it, and one far larger than the batch the graph is tuned for. Stride 1 takes the
    /// row-shift product, stride 2 the im2col one.
    /// </summary>
    [Theory]
    [InlineData(3, 1)]
    [InlineData(11, 1)]
    [InlineData(131, 1)]
    [InlineData(11, 2)]
    public void Conv_weight_gradient_in_batch_chunks(long batch, long stride)
    {
        var attrs = new ConvAttrs([3, 3], [stride, stride], [1, 1, 1, 1], [1, 1]);
        Var Conv(GraphBuilder b, Var[] v) => b.Conv(v[0], v[1], Var.None, attrs);
        var channels = stride == 1 ? 4L : 8L;
        Arg[] args = [Arg.Random("x", [batch, channels, 64, 64], 1) with { SymbolicBatch = true, Differentiate = false },
            Arg.Random("w", [2, channels, 3, 3], 2)];
        // The loss is linear in w, so central differences are exact for any step: a step of 1 keeps the float32 rounding
        // of a loss summed over ~10⁴ outputs (~1e-3) from swamping the quotient.
        GradCheck.Check(Conv, args, ElementType.Float, new Tolerance(1, 3e-3, 2e-2));

        Assert.Equal(stride == 1, UsesRowShifts(Conv, args));
        // x, dY and the ones that sum the per-sample products are split in batch chunks of about 8 samples at the batch size
        // the graph is tuned for (default 32).
        Assert.Equal([4, 4, 4], ChunkCounts(Conv, args, new GradientOptions()));
        Assert.Equal([16, 16, 16], ChunkCounts(Conv, args, new GradientOptions(BatchSize: 128)));
        Assert.Empty(ChunkCounts(Conv, args, new GradientOptions(BatchSize: 8)));
        Assert.Empty(ChunkCounts(Conv, args, new GradientOptions(Target: GradientTarget.Cuda)));
    }

    /// <summary>
    /// The row-shift weight gradient (column shifts of X against row shifts of dY over X's own rows) with a non-square kernel
    /// and uneven pads, including row pads of kH − 1 and none at all, against finite differences; a row pad as wide as the kernel
    /// (no row shift of dY reaches its last padding row) takes im2col.
    /// </summary>
    [Theory]
    [InlineData(3, 2, 1, 0, 2, 1, true)]
    [InlineData(2, 3, 0, 2, 1, 0, true)]
    [InlineData(3, 3, 0, 0, 0, 0, true)]
    [InlineData(1, 3, 0, 1, 0, 1, true)]
    [InlineData(2, 3, 2, 1, 0, 1, false)]
    public void Conv_weight_gradient_by_row_shifts(long kh, long kw, long top, long left, long bottom, long right, bool rowShifts)
    {
        var attrs = new ConvAttrs([kh, kw], [1, 1], [top, left, bottom, right], [1, 1]);
        Var Conv(GraphBuilder b, Var[] v) => b.Conv(v[0], v[1], v[2], attrs);
        Arg[] args = [X(5, 7, 6) with { SymbolicBatch = true }, Arg.Random("w", [3, 5, kh, kw], 2), Arg.Random("bias", [3], 3)];
        Assert.Equal(rowShifts, UsesRowShifts(Conv, args));
        GradCheck.Check(Conv, args, ElementType.Float);
    }

    /// <summary>Whether the weight gradient took the row-shift product: its X side is a one-hot Conv with a [1, kW] kernel.</summary>
    /// <summary>
    /// A depthwise layer whose channels are whole blocks of 16 takes, on the CPU, one depthwise Conv over the batch stacked along
    /// the rows, its strides as the kernel's dilation (stride 1 and 2, "same", "valid" and Keras' stride-2 "same" that pads only
    /// the end); against finite differences of the kernel and the input. Where each sample's rows are its output's times the
    /// stride, the samples are stacked unpadded (no Pad) and the products with neighbouring samples subtracted, also for a
    /// batch of one (no neighbours). Where the last input column is never read (2×2, stride 2 over 7 columns) it keeps the
    /// per-sample products.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 1, 1, 3, true, false)]
    [InlineData(3, 1, 1, 1, 1, true, false)]
    [InlineData(5, 1, 2, 2, 3, true, false)]
    [InlineData(2, 1, 0, 0, 3, true, true)]
    [InlineData(3, 2, 0, 1, 3, true, false)]
    [InlineData(3, 2, 0, 1, 1, true, false)]
    [InlineData(3, 2, 1, 1, 3, true, false)]
    [InlineData(5, 2, 2, 2, 3, true, false)]
    [InlineData(2, 2, 0, 0, 3, false, false)]
    public void Depthwise_weight_gradient_over_the_stacked_batch(long kernel, long stride, long padBegin, long padEnd, long batch,
        bool stacked, bool padded)
    {
        var attrs = new ConvAttrs([kernel, kernel], [stride, stride], [padBegin, padBegin, padEnd, padEnd], [1, 1], 16);
        Var Conv(GraphBuilder b, Var[] v) => b.Conv(v[0], v[1], Var.None, attrs);
        Arg[] args = [Arg.Random("x", [batch, 16, 8, 7], 1) with { SymbolicBatch = true }, Arg.Random("w", [16, 1, kernel, kernel], 2)];
        GradCheck.Check(Conv, args, ElementType.Float);
        Assert.Equal(stacked, StacksTheBatch(Conv, args));
        Assert.Equal(padded, BackwardGraph(Conv, args, new GradientOptions()).Nodes.Any(n => n.OpType == "Pad"));
    }

    /// <summary>The weight gradient is a Conv whose kernel size is left to run time (the stacked batch's).</summary>
    private static bool StacksTheBatch(Func<GraphBuilder, Var[], Var> conv, Arg[] args) =>
        BackwardGraph(conv, args, new GradientOptions()).Nodes.Any(n => n.OpType == "Conv" && n.Attribute("kernel_shape") is null);

    private static bool UsesRowShifts(Func<GraphBuilder, Var[], Var> conv, Arg[] args) =>
        BackwardGraph(conv, args, new GradientOptions()).Nodes.Any(n =>
            n.OpType == "Conv" && n.Attribute("kernel_shape")?.Ints is [1, > 1]);

    private static int[] ChunkCounts(Func<GraphBuilder, Var[], Var> conv, Arg[] args, GradientOptions options) =>
        [.. BackwardGraph(conv, args, options).Nodes.Where(n => n.OpType == "Split").Select(n => n.Outputs.Count)];

    /// <summary>The graph of Σ conv(args) with the weight's gradient appended.</summary>
    private static OnnxGraph BackwardGraph(Func<GraphBuilder, Var[], Var> conv, Arg[] args, GradientOptions options)
    {
        var b = new GraphBuilder("backward");
        var inputs = args.Select(a => b.Input(a.Name, a.Declared(ElementType.Float))).ToArray();
        var loss = b.ReduceSum(conv(b, inputs), keepDims: false);
        Gradients.Build(b, loss, ["w"], options);
        return b.Graph;
    }

    [Theory]
    [InlineData(2, 2, 0, GradientTarget.Cpu)]
    [InlineData(2, 2, 0, GradientTarget.Cuda)]
    [InlineData(3, 2, 1, GradientTarget.Cpu)]
    [InlineData(3, 1, 1, GradientTarget.Cuda)]
    public void MaxPool(long kernel, long stride, long pad, GradientTarget target) =>
        GradCheck.Check((b, v) => b.MaxPool(v[0], Pool(kernel, stride, pad)),
            [Arg.Distinct("x", [2, 2, 6, 5], 1) with { SymbolicBatch = true }],
            ElementType.Float, target: target);

    /// <summary>Windows that tile the input exactly take the window-ArgMax path; several channels check its channel order.</summary>
    [Theory]
    [InlineData(GradientTarget.Cpu)]
    [InlineData(GradientTarget.Cuda)]
    public void MaxPool_tiling_the_input_with_several_channels(GradientTarget target) =>
        GradCheck.Check((b, v) => b.MaxPool(v[0], Pool(2, 2, 0)),
            [Arg.Distinct("x", [2, 3, 6, 4], 1) with { SymbolicBatch = true }],
            ElementType.Float, target: target);

    [Theory]
    [InlineData(2, 2, 0, false)]
    [InlineData(3, 2, 1, false)]
    [InlineData(3, 2, 1, true)]
    [InlineData(3, 1, 1, false)]
    public void AveragePool(long kernel, long stride, long pad, bool countIncludePad) =>
        GradCheck.Check((b, v) => b.AveragePool(v[0], Pool(kernel, stride, pad), countIncludePad), [X(2, 6, 5)], ElementType.Float);

    [Fact]
    public void GlobalAveragePool() => GradCheck.Check((b, v) => b.GlobalAveragePool(v[0]), [X(3, 4, 5) with { SymbolicBatch = true }], ElementType.Float);

    /// <summary>The gradient is broadcast back by a Mul with ones over the pooled extent: ORT's CPU Expand is several times slower.</summary>
    [Fact]
    public void GlobalAveragePool_gradient_broadcasts_without_Expand()
    {
        var b = new GraphBuilder("gap");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 4, 5, 5));
        var pooled = b.GlobalAveragePool(x);
        Gradients.Build(b, b.ReduceSum(b.Mul(pooled, pooled), keepDims: false), ["x"]);
        Assert.DoesNotContain(b.Graph.Nodes, n => n.OpType == "Expand");
        Assert.Contains(b.Graph.Nodes, n => n.OpType == "ConstantOfShape" && n.Name.StartsWith("grad/", StringComparison.Ordinal));
    }

    private static PoolAttrs Pool(long kernel, long stride, long pad) => new([kernel, kernel], [stride, stride], [pad, pad, pad, pad]);
}
