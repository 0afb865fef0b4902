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
    /// A layer with a large im2col (8 channels × 3×3 × 32×32 positions) takes the CPU's batch-chunked weight gradient (4 chunks
    /// when tuned for batch 32), against finite differences of the kernel: a batch smaller than the chunk count (empty chunks),
    /// one not divisible by it, and one far larger than the batch the graph is tuned for.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(131)]
    public void Conv_weight_gradient_in_batch_chunks(long batch)
    {
        var attrs = new ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1]);
        Var Conv(GraphBuilder b, Var[] v) => b.Conv(v[0], v[1], Var.None, attrs);
        Arg[] args = [Arg.Random("x", [batch, 8, 32, 32], 1) with { SymbolicBatch = true, Differentiate = false }, Arg.Random("w", [2, 8, 3, 3], 2)];
        // The loss is linear in w, so central differences are exact for any step: a step of 1 keeps the float32 rounding
        // of a loss summed over ~10⁴ outputs (~1e-3) from swamping the quotient.
        GradCheck.Check(Conv, args, ElementType.Float, new Tolerance(1, 3e-3, 2e-2));

        // x and dY are split in batch chunks of about 8 samples at the batch size the graph is tuned for (default 32).
        Assert.Equal([4, 4], ChunkCounts(Conv, args, new GradientOptions()));
        Assert.Equal([16, 16], ChunkCounts(Conv, args, new GradientOptions(BatchSize: 128)));
        Assert.Empty(ChunkCounts(Conv, args, new GradientOptions(BatchSize: 8)));
        Assert.Empty(ChunkCounts(Conv, args, new GradientOptions(Target: GradientTarget.Cuda)));
    }

    private static int[] ChunkCounts(Func<GraphBuilder, Var[], Var> conv, Arg[] args, GradientOptions options)
    {
        var b = new GraphBuilder("chunked");
        var x = b.Input("x", args[0].Declared(ElementType.Float));
        var loss = b.ReduceSum(conv(b, [x, b.Input("w", args[1].Declared(ElementType.Float))]), keepDims: false);
        Gradients.Build(b, loss, ["w"], options);
        return [.. b.Graph.Nodes.Where(n => n.OpType == "Split").Select(n => n.Outputs.Count)];
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

    private static PoolAttrs Pool(long kernel, long stride, long pad) => new([kernel, kernel], [stride, stride], [pad, pad, pad, pad]);
}
