namespace Onnxdl.Graph.Tests.Support;

public static class Data
{
    /// <summary>Uniform floats in [lo, hi) from a seeded System.Random (test data only).</summary>
    public static float[] Uniform(int count, int seed, float lo = -1, float hi = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => lo + (hi - lo) * random.NextSingle())];
    }

    public static Tensor Tensor(string name, long[] dims, int seed, float lo = -1, float hi = 1) =>
        Onnxdl.Graph.Tensor.FromFloats(name, dims, Uniform((int)Onnxdl.Graph.Tensor.ElementCount(dims), seed, lo, hi));

    /// <summary>Asserts |a − e| ≤ abs + rel·|e| element-wise, reporting the first offender.</summary>
    public static void AssertClose(float[] expected, float[] actual, double rel = 1e-5, double abs = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= abs + rel * Math.Abs(expected[i])))
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]}.");
    }
}
