using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Graph.Tests.Training;

public class MetricTests
{
    private const int Rows = 8, Classes = 3;
    private static readonly long[] Shape = [Rows, Classes];

    private static int ArgMax(float[] x, int row) => TensorPrimitives.IndexOfMax(x.AsSpan(row * Classes, Classes));

    private static float Run(Metric metric, Feed prediction, Feed target)
    {
        var run = new FragmentRunner();
        return run.RunScalar(metric.Build(run.B, run.Input("p", prediction), run.Input("y", target)));
    }

    /// <summary>Predictions whose ArgMax matches <paramref name="labels"/> on some rows and not on others.</summary>
    private static (float[] P, long[] Labels) Classified(int seed)
    {
        var rng = new Random(seed);
        return (TestData.ProbabilityRows(rng, Rows, Classes), TestData.Labels(rng, Rows, Classes));
    }

    [Fact]
    public void Categorical_accuracy_counts_matching_ArgMax()
    {
        var (p, labels) = Classified(1);
        var expected = Enumerable.Range(0, Rows).Count(r => ArgMax(p, r) == labels[r]) / (double)Rows;
        Assert.InRange(expected, 0.01, 0.99); // the data has both hits and misses
        var actual = Run(new CategoricalAccuracy(), Feed.Of(Shape, p), Feed.Of(Shape, TestData.OneHot(labels, Classes)));
        TestData.Near(expected, actual);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_accuracy_compares_ArgMax_with_labels(bool columnLabels)
    {
        var (p, labels) = Classified(2);
        var expected = Enumerable.Range(0, Rows).Count(r => ArgMax(p, r) == labels[r]) / (double)Rows;
        Assert.InRange(expected, 0.01, 0.99);
        var target = Feed.Of(columnLabels ? [Rows, 1] : [Rows], labels);
        TestData.Near(expected, Run(new SparseCategoricalAccuracy(), Feed.Of(Shape, p), target));
    }

    [Fact]
    public void Binary_accuracy_thresholds_at_half()
    {
        var rng = new Random(3);
        var p = TestData.Uniform(rng, Rows * Classes, 0, 1);
        var y = TestData.Labels(rng, Rows * Classes, 2).Select(v => (float)v).ToArray();
        var expected = p.Zip(y, (a, b) => (a > 0.5f ? 1f : 0f) == b ? 1.0 : 0.0).Average();
        TestData.Near(expected, Run(new BinaryAccuracy(), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Fact]
    public void Binary_accuracy_honours_its_threshold()
    {
        float[] p = [0.2f, 0.4f, 0.6f, 0.8f];
        float[] y = [0f, 1f, 1f, 1f];
        Assert.Equal(1f, Run(new BinaryAccuracy(threshold: 0.3f), Feed.Of([4], p), Feed.Of([4], y)));
        Assert.Equal(0.75f, Run(new BinaryAccuracy(), Feed.Of([4], p), Feed.Of([4], y)));
        Assert.Equal(0.5f, Run(new BinaryAccuracy(threshold: 0.7f), Feed.Of([4], p), Feed.Of([4], y)));
    }

    [Fact]
    public void MAE_is_the_mean_absolute_difference()
    {
        var rng = new Random(4);
        var (p, y) = (TestData.Uniform(rng, Rows * Classes, -1, 1), TestData.Uniform(rng, Rows * Classes, -1, 1));
        var expected = p.Zip(y, (a, b) => Math.Abs((double)a - b)).Average();
        TestData.Near(expected, Run(new MeanAbsoluteErrorMetric(), Feed.Of(Shape, p), Feed.Of(Shape, y)));
    }

    [Theory]
    [InlineData("accuracy", "categorical_crossentropy", typeof(CategoricalAccuracy))]
    [InlineData("accuracy", "sparse_categorical_crossentropy", typeof(SparseCategoricalAccuracy))]
    [InlineData("acc", "binary_crossentropy", typeof(BinaryAccuracy))]
    [InlineData("accuracy", "mse", typeof(CategoricalAccuracy))]
    [InlineData("mae", "mse", typeof(MeanAbsoluteErrorMetric))]
    [InlineData("binary_accuracy", "categorical_crossentropy", typeof(BinaryAccuracy))]
    public void FromName_picks_the_kind_from_the_loss_like_Keras(string name, string loss, Type expected)
    {
        var metric = Metric.FromName(name, Loss.FromName(loss));
        Assert.IsType(expected, metric);
        Assert.Equal(name, metric.Name);
    }

    [Fact]
    public void Accuracy_of_one_unit_regression_output_is_binary() =>
        Assert.IsType<BinaryAccuracy>(Metric.FromName("accuracy", new MeanSquaredError(), TensorType.Float(Dim.Batch, 1)));

    [Fact]
    public void FromName_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Metric.FromName("f1", new MeanSquaredError()));
        Assert.Contains("'f1'", e.Message);
        foreach (var name in Metric.Names) Assert.Contains(name, e.Message);
    }
}
