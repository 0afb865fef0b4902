using Onnxdl.Graph.Tests.Support;
using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Tests.Autodiff;

public class ElementwiseGradientTests
{
    private static Arg X(long[] shape, int seed = 1, double lo = -1, double hi = 1) => Arg.Random("x", shape, seed, lo, hi);
    private static Arg Y(long[] shape, int seed = 2, double lo = -1, double hi = 1) => Arg.Random("y", shape, seed, lo, hi);

    [Fact] public void Add_broadcasts_a_vector() => GradCheck.Check((b, v) => b.Add(v[0], v[1]), [X([2, 3]), Y([3])]);
    [Fact] public void Add_broadcasts_a_scalar() => GradCheck.Check((b, v) => b.Add(v[0], v[1]), [X([]), Y([2, 3])]);
    [Fact] public void Sub_with_symbolic_batch_and_row() =>
        GradCheck.Check((b, v) => b.Sub(v[0], v[1]), [X([4, 3]) with { SymbolicBatch = true }, Y([1, 3])]);
    [Fact] public void Mul_broadcasts_both_ways() => GradCheck.Check((b, v) => b.Mul(v[0], v[1]), [X([2, 1, 3]), Y([4, 1])]);
    [Fact] public void Div_broadcasts() => GradCheck.Check((b, v) => b.Div(v[0], v[1]), [X([2, 3]), Y([3], lo: 0.5, hi: 2)]);
    [Fact] public void Add_with_unknown_shape_unbroadcasts_at_run_time() =>
        GradCheck.Check((b, v) => b.Add(v[0], v[1]), [X([2, 3]) with { UnknownShape = true }, Y([1, 3]) with { UnknownShape = true }]);
    [Fact] public void Pow_both_operands() => GradCheck.Check((b, v) => b.Pow(v[0], v[1]), [X([2, 3], lo: 0.5, hi: 2), Y([3])]);
    [Fact] public void Pow_constant_exponent() => GradCheck.Check((b, v) => b.Pow(v[0], b.Constant(Tensor.FromDoubles("e", [], [3.0]))), [X([5])]);
    [Fact] public void Neg() => GradCheck.Check((b, v) => b.Neg(v[0]), [X([4])]);
    [Fact] public void Abs() => GradCheck.Check((b, v) => b.Abs(v[0]), [X([6])]);
    [Fact] public void Exp() => GradCheck.Check((b, v) => b.Exp(v[0]), [X([4])]);
    [Fact] public void Log() => GradCheck.Check((b, v) => b.Log(v[0]), [X([4], lo: 0.5, hi: 3)]);
    [Fact] public void Sqrt() => GradCheck.Check((b, v) => b.Sqrt(v[0]), [X([4], lo: 0.5, hi: 3)]);
    [Fact] public void Reciprocal() => GradCheck.Check((b, v) => b.Reciprocal(v[0]), [X([4], lo: 0.5, hi: 3)]);
    [Fact] public void Max_and_min_elementwise() =>
        GradCheck.Check((b, v) => b.Add(b.Max(v[0], v[1]), b.Min(v[0], v[1])), [X([2, 3]), Y([3])]);

    /// <summary>
    /// At a tie the whole upstream gradient goes to the first input equal to the result (TensorFlow's rule), once;
    /// a value one float step away from the extremum, or the smallest normal float away, gets none.
    /// </summary>
    [Theory]
    [InlineData("Max", ElementType.Double)]
    [InlineData("Min", ElementType.Double)]
    [InlineData("Max", ElementType.Float)]
    [InlineData("Min", ElementType.Float)]
    public void A_tie_goes_to_the_first_input_attaining_the_extremum(string op, ElementType type)
    {
        var step = (double)MathF.BitIncrement(1f);
        var tiny = (double)BitConverter.Int32BitsToSingle(0x00800000); // the smallest normal float, 2⁻¹²⁶
        // ties across all, later pairs, first pairs, one float step apart, the smallest normal float apart
        double[][] inputs = [[1, 2, 3, 4, 0, 1, 0], [1, 5, 3, 0, -1, step, tiny], [1, 5, 2, 4, 0, step, -tiny]];
        var n = inputs[0].Length;
        var upstream = Arg.Rand(n, 9);
        var b = new GraphBuilder("ties");
        var xs = inputs.Select((_, i) => b.Input($"x{i}", new TensorType(type, [n]))).ToArray();
        var r = type == ElementType.Double ? Tensor.FromDoubles("r", [n], upstream) : Tensor.FromFloats("r", [n], Array.ConvertAll(upstream, v => (float)v));
        var loss = b.ReduceSum(b.Mul(b.Op(op, xs), b.Constant(r)), keepDims: false);
        var grads = Gradients.Build(b, loss, [.. xs.Select(x => x.Name)]);
        for (var i = 0; i < xs.Length; i++) b.Output(grads[xs[i].Name], new TensorType(type, [n]), $"d{i}");
        using var ort = new Ort(new OnnxModel(b.Graph));
        var actual = ort.Run([.. inputs.Select((v, i) => ($"x{i}", new long[] { n }, v))], "d0", "d1", "d2");

        for (var k = 0; k < n; k++)
        {
            var column = inputs.Select(v => v[k]).ToArray();
            var first = Array.IndexOf(column, op == "Max" ? column.Max() : column.Min());
            for (var i = 0; i < inputs.Length; i++)
                Assert.Equal(i == first ? upstream[k] : 0, actual[i].Values[k], type == ElementType.Double ? 12 : 6);
        }
    }

    [Fact] public void Sum_of_three_with_broadcast() =>
        GradCheck.Check((b, v) => b.Sum(v[0], v[1], v[2]), [X([2, 3]), Y([3]), Arg.Random("z", [2, 1], 3)]);
    [Fact] public void Where_routes_by_condition() =>
        GradCheck.Check((b, v) => b.Where(b.Greater(v[0], v[1]), v[0], v[1]), [X([2, 3]), Y([3])]);
    [Fact] public void Clip_passes_inside_bounds() =>
        GradCheck.Check((b, v) => b.Clip(v[0], b.Constant(Tensor.FromDoubles("lo", [], [-0.5])), b.Constant(Tensor.FromDoubles("hi", [], [0.5]))), [X([8])]);
    [Fact] public void Expand_sums_back() => GradCheck.Check((b, v) => b.Expand(v[0], b.Constant([2L, 3, 4])), [X([3, 1])]);
    [Fact] public void Cast_float_to_float_and_identity() =>
        GradCheck.Check((b, v) => b.Identity(b.Cast(b.Cast(v[0], ElementType.Float), ElementType.Double)), [X([3])],
            tolerance: Tolerance.Float);
}
