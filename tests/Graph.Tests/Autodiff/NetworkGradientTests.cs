using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Tests.Support;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>Activations, matrix products, reductions and layout ops against finite differences.</summary>
public class NetworkGradientTests
{
    private static Arg A(string name, long[] shape, int seed, double lo = -1, double hi = 1) => Arg.Random(name, shape, seed, lo, hi);
    private static Arg X(params long[] shape) => A("x", shape, 1);

    [Fact] public void Relu() => GradCheck.Check((b, v) => b.Relu(v[0]), [X(3, 4)]);
    [Fact] public void Relu_float() => GradCheck.Check((b, v) => b.Relu(v[0]), [X(3, 4)], ElementType.Float);

    /// <summary>
    /// Relu's (no slope) and LeakyRelu's float32 gradients are exactly the upstream one where x &gt; 0 and slope times it
    /// elsewhere, from the largest floats down to the smallest normal one (a naive reference), for slopes on the
    /// single-factor path (0 ≤ α ≤ 1) and off it.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(0f)]
    [InlineData(0.1f)]
    [InlineData(1f)]
    [InlineData(-0.5f)]
    [InlineData(2f)]
    public void Float_rectifier_gradient_is_exactly_the_slope_times_the_upstream_one(float? alpha)
    {
        var smallestNormal = BitConverter.Int32BitsToSingle(0x00800000);
        float[] x = [-float.MaxValue, -1, -smallestNormal, 0, smallestNormal, 1e-30f, 1, float.MaxValue];
        var upstream = Array.ConvertAll(Arg.Rand(x.Length, 5), v => (float)v);
        var b = new GraphBuilder("rectifier");
        var input = b.Input("x", TensorType.Float(x.Length));
        var y = alpha is { } a ? b.LeakyRelu(input, a) : b.Relu(input);
        var loss = b.ReduceSum(b.Mul(y, b.Constant(Tensor.FromFloats("r", [x.Length], upstream))), keepDims: false);
        b.Output(Gradients.Build(b, loss, ["x"])["x"], TensorType.Float(x.Length), "dx");
        using var ort = new Ort(new OnnxModel(b.Graph));
        var dx = ort.Run([("x", new long[] { x.Length }, Array.ConvertAll(x, v => (double)v))], "dx")[0].Values;
        Assert.Equal(x.Select((v, i) => (double)(v > 0 ? upstream[i] : upstream[i] * (alpha ?? 0f))), dx);
    }

    [Fact] public void LeakyRelu() => GradCheck.Check((b, v) => b.LeakyRelu(v[0], 0.1f), [X(3, 4)], ElementType.Float);
    [Fact] public void Sigmoid() => GradCheck.Check((b, v) => b.Sigmoid(v[0]), [X(3, 4)]);
    [Fact] public void Tanh() => GradCheck.Check((b, v) => b.Tanh(v[0]), [X(3, 4)]);
    [Fact] public void Softmax_last_axis() => GradCheck.Check((b, v) => b.Softmax(v[0]), [X(3, 4)]);
    [Fact] public void Softmax_middle_axis() => GradCheck.Check((b, v) => b.Softmax(v[0], 1), [X(2, 3, 2)]);
    [Fact] public void LogSoftmax() => GradCheck.Check((b, v) => b.LogSoftmax(v[0]), [X(3, 4)]);

    [Fact] public void MatMul_2d() => GradCheck.Check((b, v) => b.MatMul(v[0], v[1]), [X(3, 4), A("w", [4, 2], 2)]);
    [Fact] public void MatMul_batched_with_shared_weight() =>
        GradCheck.Check((b, v) => b.MatMul(v[0], v[1]), [X(2, 3, 4) with { SymbolicBatch = true }, A("w", [4, 2], 2)]);
    [Fact] public void MatMul_broadcast_batch_dims() => GradCheck.Check((b, v) => b.MatMul(v[0], v[1]), [X(1, 3, 4), A("w", [2, 4, 2], 2)]);

    [Theory]
    [InlineData(false, false, new long[] { 2 })]
    [InlineData(true, false, new long[] { 1, 2 })]
    [InlineData(false, true, new long[] { 3, 2 })]
    [InlineData(true, true, new long[] { })]
    public void Gemm(bool transA, bool transB, long[] cShape) => GradCheck.Check(
        (b, v) => b.Gemm(v[0], v[1], v[2], transA, transB, alpha: 0.7f, beta: 1.3f),
        [transA ? X(4, 3) : X(3, 4), transB ? A("w", [2, 4], 2) : A("w", [4, 2], 2), A("c", cShape, 3)],
        ElementType.Float);

    [Fact] public void ReduceSum_axes_input_drop_dims() => GradCheck.Check((b, v) => b.ReduceSum(v[0], [1], keepDims: false), [X(2, 3, 2)]);
    [Fact] public void ReduceSum_axes_attribute_keep_dims() =>
        GradCheck.Check((b, v) => b.ReduceSum(v[0], [0, 2], keepDims: true), [X(2, 3, 2)], opset: 11);
    [Fact] public void ReduceSum_all() => GradCheck.Check((b, v) => b.ReduceSum(v[0], keepDims: false), [X(2, 3)]);
    [Fact] public void ReduceMean_attribute() => GradCheck.Check((b, v) => b.ReduceMean(v[0], [-1], keepDims: false), [X(2, 3, 4)]);
    [Fact] public void ReduceMean_axes_input_symbolic_batch() =>
        GradCheck.Check((b, v) => b.ReduceMean(v[0], [0], keepDims: true), [X(4, 3) with { SymbolicBatch = true }], opset: 18);
    [Fact] public void ReduceMean_all_kept_unknown_shape() =>
        GradCheck.Check((b, v) => b.ReduceMean(v[0], keepDims: true), [X(2, 3, 2) with { UnknownShape = true }]);
    [Fact] public void ReduceSum_over_an_empty_axis() =>
        GradCheck.Check((b, v) => b.Add(b.ReduceSum(v[0], [0], keepDims: false), v[1]), [X(0, 3), A("y", [3], 2)]);
    [Fact] public void ReduceMax() => GradCheck.Check((b, v) => b.ReduceMax(v[0], [1], keepDims: false), [X(3, 4)]);

    [Fact] public void Flatten() => GradCheck.Check((b, v) => b.MatMul(b.Flatten(v[0]), v[1]), [X(2, 2, 3), A("w", [6, 2], 2)]);
    [Fact] public void Reshape_Transpose() => GradCheck.Check((b, v) => b.Transpose(b.Reshape(v[0], [3L, 2, 2]), 2, 0, 1), [X(2, 6)]);
    [Fact] public void Squeeze_Unsqueeze() => GradCheck.Check((b, v) => b.Unsqueeze(b.Squeeze(v[0], 1), 0), [X(3, 1, 2)]);
    [Fact] public void Concat() => GradCheck.Check((b, v) => b.Concat(1, v[0], v[1], v[0]), [X(2, 3), A("y", [2, 2], 2)]);
    [Fact] public void Concat_unknown_extents() =>
        GradCheck.Check((b, v) => b.Concat(0, v[0], v[1]), [X(2, 3) with { UnknownShape = true }, A("y", [1, 3], 2) with { UnknownShape = true }]);
    [Fact] public void Slice_with_steps() => GradCheck.Check((b, v) => b.Slice(v[0], [1, 0], [4, -1], [0, 1], [2, 2]), [X(5, 6)]);
    [Fact] public void Split_equal_parts() => GradCheck.Check((b, v) =>
    {
        var parts = b.Node("Split", [v[0]], 3, Attr.Int("axis", 1));
        return b.Concat(1, b.Mul(parts[0], parts[2]), parts[1]);
    }, [X(2, 6)]);
    [Fact] public void Split_given_sizes_with_an_unused_part() =>
        GradCheck.Check((b, v) => b.Node("Split", [v[0], b.Constant([1L, 3])], 2, Attr.Int("axis", 0))[1], [X(4, 2)]);
    [Fact] public void Slice_unit_step_with_negative_and_clamped_bounds() =>
        GradCheck.Check((b, v) => b.Slice(v[0], [1, -4], [3, 100], [0, 1]), [X(4, 6)]);
    [Fact] public void Slice_unit_step_on_a_symbolic_batch() =>
        GradCheck.Check((b, v) => b.Slice(v[0], [1, 0], [4, 2], [2, 3]), [X(2, 1, 5, 3) with { SymbolicBatch = true }]);
    [Fact] public void Pad_constant() =>
        GradCheck.Check((b, v) => b.Op("Pad", [v[0], b.Constant([0L, 1, 2, 0, 3, 1])]), [X(2, 3, 2) with { SymbolicBatch = true }]);
    [Fact] public void Gather_with_repeated_indices_adds() =>
        GradCheck.Check((b, v) => b.Gather(v[0], b.Constant(Tensor.FromInt64s("i", [4], [2, 0, 2, 2]))), [X(3, 2)]);
    [Fact] public void GatherElements() =>
        GradCheck.Check((b, v) => b.GatherElements(v[0], b.Constant(Tensor.FromInt64s("i", [3, 1], [2, 0, 1])), 1), [X(3, 4)]);

    [Fact]
    public void BatchNormalization_inference_form()
    {
        var args = new[] { X(2, 3, 2, 2), A("scale", [3], 2), A("bias", [3], 3), A("mean", [3], 4), A("var", [3], 5, 0.5, 2) };
        GradCheck.Check((b, v) => b.BatchNormalization(v[0], v[1], v[2], v[3], v[4], 1e-3f, 0.9f), args);
    }
}
