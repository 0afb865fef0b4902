using Onnxdl.Graph.Losses;

namespace Onnxdl.Graph.Tests.Training;

public class LossTests
{
    private const int Rows = 5, Classes = 4;
    // Keras clips with float32 constants: 1 - 1e-7 rounds to 1 - 1.19e-7, which matters for log(1 - p + eps).
    private const double Eps = 1e-7f;
    private const double OneMinusEps = 1f - 1e-7f;

    // ---- naive references (double precision, Keras formulas) ----

    private static double[] LogSoftmaxRow(float[] z, int row)
    {
        var x = z.Skip(row * Classes).Take(Classes).Select(v => (double)v).ToArray();
        var max = x.Max();
        var logSum = Math.Log(x.Sum(v => Math.Exp(v - max))) + max;
        return [.. x.Select(v => v - logSum)];
    }

    /// <summary>Keras: rows renormalized, clipped to [eps, 1-eps].</summary>
    private static double ClippedProbability(float[] p, int row, int cls)
    {
        var sum = p.Skip(row * Classes).Take(Classes).Sum(v => (double)v);
        return Math.Clamp(p[row * Classes + cls] / sum, Eps, OneMinusEps);
    }

    private static double CategoricalFromLogits(float[] z, float[] y) =>
        Enumerable.Range(0, Rows).Average(r => -LogSoftmaxRow(z, r).Select((lp, c) => y[r * Classes + c] * lp).Sum());

    private static double CategoricalFromProbabilities(float[] p, float[] y) =>
        Enumerable.Range(0, Rows).Average(r => -Enumerable.Range(0, Classes).Sum(c => y[r * Classes + c] * Math.Log(ClippedProbability(p, r, c))));

    private static double SparseFromLogits(float[] z, long[] labels) =>
        Enumerable.Range(0, Rows).Average(r => -LogSoftmaxRow(z, r)[labels[r]]);

    private static double SparseFromProbabilities(float[] p, long[] labels) =>
        Enumerable.Range(0, Rows).Average(r => -Math.Log(ClippedProbability(p, r, (int)labels[r])));

    private static double BinaryFromLogits(float[] z, float[] y) =>
        z.Select((v, i) => v >= 0 ? v - v * y[i] + Math.Log(1 + Math.Exp(-v)) : -v * y[i] + Math.Log(1 + Math.Exp(v))).Average();

    private static double BinaryFromProbabilities(float[] p, float[] y) => p.Select((v, i) =>
    {
        var q = Math.Clamp((double)v, Eps, OneMinusEps);
        return -(y[i] * Math.Log(q + Eps) + (1 - y[i]) * Math.Log(1 - q + Eps));
    }).Average();

    // ---- helpers ----

    private static readonly long[] Shape = [Rows, Classes];

    /// <summary>Logits in [-3, 3] with, when <paramref name="extreme"/>, every row's first two entries at +50 and -50.</summary>
    private static float[] Logits(Random rng, bool extreme)
    {
        var z = TestData.Uniform(rng, Rows * Classes, -3, 3);
        if (extreme)
            for (var r = 0; r < Rows; r++) (z[r * Classes], z[r * Classes + 1]) = (50f, -50f);
        return z;
    }

    private static float RunLoss(Loss loss, Feed prediction, Feed target, string? activation = null)
    {
        var run = new FragmentRunner();
        var x = run.Input("x", prediction);
        var p = activation switch { "Softmax" => run.B.Softmax(x), "Sigmoid" => run.B.Sigmoid(x), _ => x };
        return run.RunScalar(loss.Build(run.B, p, run.Input("y", target)));
    }

    private static (GraphBuilder B, Var Loss) BuildOnly(Loss loss, Func<GraphBuilder, Var, Var> activation, TensorType targetType)
    {
        var b = new GraphBuilder("g");
        var p = activation(b, b.Input("x", TensorType.Float(Dim.Batch, Classes)));
        return (b, loss.Build(b, p, b.Input("y", targetType)));
    }

    // ---- regression losses ----

    [Fact]
    public void Mean_squared_error_matches_naive_mean()
    {
        var rng = new Random(1);
        var (p, y) = (TestData.Uniform(rng, Rows * Classes, -2, 2), TestData.Uniform(rng, Rows * Classes, -2, 2));
        var expected = p.Zip(y, (a, b) => (double)(a - b) * (a - b)).Average();
        TestData.Near(expected, RunLoss(new MeanSquaredError(), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Fact]
    public void Mean_absolute_error_matches_naive_mean()
    {
        var rng = new Random(2);
        var (p, y) = (TestData.Uniform(rng, Rows * Classes, -2, 2), TestData.Uniform(rng, Rows * Classes, -2, 2));
        var expected = p.Zip(y, (a, b) => Math.Abs((double)a - b)).Average();
        TestData.Near(expected, RunLoss(new MeanAbsoluteError(), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Theory]
    [InlineData(1.0f)]
    [InlineData(0.5f)]
    public void Huber_matches_the_naive_piecewise_definition(float delta)
    {
        var rng = new Random(5);
        var (p, y) = (TestData.Uniform(rng, Rows * Classes, -2, 2), TestData.Uniform(rng, Rows * Classes, -2, 2));
        var expected = p.Zip(y, (a, b) =>
        {
            var e = Math.Abs((double)a - b);
            return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
        }).Average();
        Assert.Contains(p.Zip(y), pair => Math.Abs(pair.First - pair.Second) <= delta);   // both pieces are exercised
        Assert.Contains(p.Zip(y), pair => Math.Abs(pair.First - pair.Second) > delta);
        TestData.Near(expected, RunLoss(new Huber(delta), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Huber_refuses_a_delta_that_is_not_positive(float delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(delta));

    // ---- categorical ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Categorical_fused_through_softmax_equals_stable_reference(bool extreme)
    {
        var rng = new Random(3);
        var z = Logits(rng, extreme);
        var y = TestData.ProbabilityRows(rng, Rows, Classes); // soft targets exercise every class's term
        var actual = RunLoss(new CategoricalCrossentropy(), Feed.Of(Shape, z), Feed.Of(Shape, y), "Softmax");
        Assert.True(float.IsFinite(actual));
        TestData.Near(CategoricalFromLogits(z, y), actual);
    }

    [Fact]
    public void Categorical_from_logits_flag_equals_stable_reference()
    {
        var rng = new Random(4);
        var z = Logits(rng, extreme: true);
        var y = TestData.OneHot(TestData.Labels(rng, Rows, Classes), Classes);
        TestData.Near(CategoricalFromLogits(z, y), RunLoss(new CategoricalCrossentropy(fromLogits: true), Feed.Of(Shape, z), Feed.Of(Shape, y)));
    }

    [Fact]
    public void Categorical_on_probabilities_renormalizes_and_clips_like_Keras()
    {
        var rng = new Random(5);
        var p = TestData.ProbabilityRows(rng, Rows, Classes);
        p[0] = 0f; // log(0) without clipping
        for (var i = 0; i < p.Length; i++) p[i] *= 1.5f; // rows summing to 1.5: Keras renormalizes
        var y = TestData.OneHot(TestData.Labels(rng, Rows, Classes), Classes);
        y[0] = 1f;
        var actual = RunLoss(new CategoricalCrossentropy(), Feed.Of(Shape, p), Feed.Of(Shape, y));
        TestData.Near(CategoricalFromProbabilities(p, y), actual);
    }

    [Fact]
    public void Categorical_behind_softmax_uses_LogSoftmax_of_the_logits()
    {
        var (b, _) = BuildOnly(new CategoricalCrossentropy(), (b, x) => b.Softmax(x), TensorType.Float(Dim.Batch, Classes));
        var ops = b.Graph.Nodes.Select(n => n.OpType).ToList();
        var logSoftmax = Assert.Single(b.Graph.Nodes, n => n.OpType == "LogSoftmax");
        Assert.Equal("x", logSoftmax.Inputs[0]);
        Assert.DoesNotContain("Log", ops);
    }

    [Fact]
    public void Categorical_on_plain_probabilities_does_not_fuse()
    {
        var (b, _) = BuildOnly(new CategoricalCrossentropy(), (b, x) => b.Relu(x), TensorType.Float(Dim.Batch, Classes));
        Assert.DoesNotContain(b.Graph.Nodes, n => n.OpType == "LogSoftmax");
        Assert.Contains(b.Graph.Nodes, n => n.OpType == "Log");
    }

    [Fact]
    public void Softmax_over_another_axis_is_not_fused()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(2, Classes, 3));
        new CategoricalCrossentropy().Build(b, b.Softmax(x, axis: 1), b.Input("y", TensorType.Float(2, Classes, 3)));
        Assert.DoesNotContain(b.Graph.Nodes, n => n.OpType == "LogSoftmax");
    }

    // ---- sparse categorical ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_fused_through_softmax_equals_stable_reference(bool extreme)
    {
        var rng = new Random(6);
        var z = Logits(rng, extreme);
        var labels = TestData.Labels(rng, Rows, Classes);
        labels[0] = 1; // the -50 logit: a loss of about 100, far beyond what clipping allows
        var actual = RunLoss(new SparseCategoricalCrossentropy(), Feed.Of(Shape, z), Feed.Of([Rows], labels), "Softmax");
        Assert.True(float.IsFinite(actual));
        TestData.Near(SparseFromLogits(z, labels), actual);
    }

    [Fact]
    public void Sparse_from_logits_flag_accepts_column_labels()
    {
        var rng = new Random(7);
        var z = Logits(rng, extreme: true);
        var labels = TestData.Labels(rng, Rows, Classes);
        var actual = RunLoss(new SparseCategoricalCrossentropy(fromLogits: true), Feed.Of(Shape, z), Feed.Of([Rows, 1], labels));
        TestData.Near(SparseFromLogits(z, labels), actual);
    }

    [Fact]
    public void Sparse_on_probabilities_clips_like_Keras()
    {
        var rng = new Random(8);
        var p = TestData.ProbabilityRows(rng, Rows, Classes);
        var labels = TestData.Labels(rng, Rows, Classes);
        p[labels[0]] = 0f; // the labelled class has probability 0
        var actual = RunLoss(new SparseCategoricalCrossentropy(), Feed.Of(Shape, p), Feed.Of([Rows], labels));
        TestData.Near(SparseFromProbabilities(p, labels), actual);
    }

    [Fact]
    public void Sparse_behind_softmax_gathers_from_LogSoftmax()
    {
        var (b, _) = BuildOnly(new SparseCategoricalCrossentropy(), (b, x) => b.Softmax(x), TensorType.Int64(Dim.Batch));
        Assert.Equal("x", Assert.Single(b.Graph.Nodes, n => n.OpType == "LogSoftmax").Inputs[0]);
        Assert.Contains(b.Graph.Nodes, n => n.OpType == "GatherElements");
        Assert.DoesNotContain(b.Graph.Nodes, n => n.OpType is "Log" or "OneHot");
    }

    [Fact]
    public void Sparse_rejects_float_labels()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BuildOnly(new SparseCategoricalCrossentropy(), (b, x) => b.Softmax(x), TensorType.Float(Dim.Batch)));
        Assert.Contains("int64", e.Message);
        Assert.Contains("'y'", e.Message);
    }

    [Fact]
    public void Sparse_target_type_is_int64_labels()
    {
        var type = new SparseCategoricalCrossentropy().TargetType(TensorType.Float(Dim.Batch, Classes));
        Assert.Equal(TensorType.Int64(Dim.Batch), type);
    }

    // ---- binary ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Binary_fused_through_sigmoid_equals_stable_reference(bool extreme)
    {
        var rng = new Random(9);
        var z = Logits(rng, extreme);
        var y = TestData.Uniform(rng, Rows * Classes, 0, 1);
        var actual = RunLoss(new BinaryCrossentropy(), Feed.Of(Shape, z), Feed.Of(Shape, y), "Sigmoid");
        Assert.True(float.IsFinite(actual));
        TestData.Near(BinaryFromLogits(z, y), actual);
    }

    [Fact]
    public void Binary_from_logits_flag_equals_stable_reference()
    {
        var rng = new Random(10);
        var z = Logits(rng, extreme: true);
        var y = TestData.OneHot(TestData.Labels(rng, Rows, Classes), Classes);
        TestData.Near(BinaryFromLogits(z, y), RunLoss(new BinaryCrossentropy(fromLogits: true), Feed.Of(Shape, z), Feed.Of(Shape, y)));
    }

    [Fact]
    public void Binary_on_probabilities_clips_like_Keras()
    {
        var rng = new Random(11);
        var p = TestData.Uniform(rng, Rows * Classes, 0, 1);
        (p[0], p[1]) = (0f, 1f);
        var y = TestData.OneHot(TestData.Labels(rng, Rows, Classes), Classes);
        (y[0], y[1]) = (1f, 0f); // both saturated the wrong way
        TestData.Near(BinaryFromProbabilities(p, y), RunLoss(new BinaryCrossentropy(), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Fact]
    public void Binary_behind_sigmoid_does_not_log_the_sigmoid()
    {
        var (b, _) = BuildOnly(new BinaryCrossentropy(), (b, x) => b.Sigmoid(x), TensorType.Float(Dim.Batch, Classes));
        var sigmoid = Assert.Single(b.Graph.Nodes, n => n.OpType == "Sigmoid").Outputs[0];
        Assert.DoesNotContain(b.Graph.Nodes, n => n.Inputs.Contains(sigmoid));
    }

    // ---- names ----

    [Theory]
    [InlineData("mse", typeof(MeanSquaredError))]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteError))]
    [InlineData("huber", typeof(Huber))]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [InlineData("Sparse_Categorical_Crossentropy", typeof(SparseCategoricalCrossentropy))]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy))]
    public void FromName_builds_the_named_loss(string name, Type expected)
    {
        var loss = Loss.FromName(name);
        Assert.IsType(expected, loss);
        Assert.Same(loss.GetType(), Loss.FromName(loss.Name).GetType());
    }

    [Fact]
    public void FromName_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.FromName("hinge"));
        Assert.Contains("'hinge'", e.Message);
        foreach (var name in Loss.Names) Assert.Contains(name, e.Message);
    }
}
