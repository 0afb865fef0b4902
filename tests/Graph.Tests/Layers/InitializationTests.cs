using Onnxdl.Graph.Layers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Layers;

public class InitializationTests
{
    private static Sequential Model() => new("m", Input(12, 12, 3), Conv2D(16, 3), BatchNormalization(), Flatten(), Dense(200));

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_other_kernels()
    {
        var a = ModelSerializer.ToBytes(Model().Build(42).ToOnnx());
        var b = ModelSerializer.ToBytes(Model().Build(42).ToOnnx());
        Assert.Equal(a, b);
        var other = Model().Build(43).Parameters;
        var first = Model().Build(42).Parameters;
        Assert.NotEqual(first["conv2d_1.kernel"].Raw, other["conv2d_1.kernel"].Raw);
        Assert.NotEqual(first["dense_1.kernel"].Raw, other["dense_1.kernel"].Raw);
        Assert.Equal(first["dense_1.bias"].Raw, other["dense_1.bias"].Raw);
    }

    [Fact]
    public void Keras_defaults_for_biases_and_batch_normalization()
    {
        var p = Model().Build(1).Parameters;
        Assert.All(p["conv2d_1.bias"].ToFloats(), v => Assert.Equal(0f, v));
        Assert.All(p["batch_normalization_1.gamma"].ToFloats(), v => Assert.Equal(1f, v));
        Assert.All(p["batch_normalization_1.beta"].ToFloats(), v => Assert.Equal(0f, v));
        Assert.All(p["batch_normalization_1.moving_mean"].ToFloats(), v => Assert.Equal(0f, v));
        Assert.All(p["batch_normalization_1.moving_variance"].ToFloats(), v => Assert.Equal(1f, v));
    }

    /// <summary>Keras' fans: conv fan_in = C·kh·kw = 27, fan_out = 16·9 = 144; dense fan_in = 16·10·10, fan_out = 200.</summary>
    [Theory]
    [InlineData("conv2d_1.kernel", 27, 144)]
    [InlineData("dense_1.kernel", 1600, 200)]
    public void Glorot_uniform_bound_and_flat_histogram(string name, int fanIn, int fanOut)
    {
        var values = Model().Build(7).Parameters[name].ToFloats();
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        Assert.All(values, v => Assert.True(Math.Abs(v) <= limit * (1 + 1e-7), $"{v} beyond ±{limit}"));
        Assert.True(values.Max() > 0.98 * limit && values.Min() < -0.98 * limit, "values should reach near the bound");

        const int bins = 8;
        var counts = new int[bins];
        foreach (var v in values) counts[Math.Min(bins - 1, (int)((v + limit) / (2 * limit) * bins))]++;
        var expected = values.Length / (double)bins;
        // 5 standard deviations of a binomial bin count.
        var tolerance = 5 * Math.Sqrt(expected * (1 - 1.0 / bins));
        Assert.All(counts, c => Assert.InRange(c, expected - tolerance, expected + tolerance));
    }
}
