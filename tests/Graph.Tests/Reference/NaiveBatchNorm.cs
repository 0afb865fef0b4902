namespace Onnxdl.Graph.Tests.Reference;

public static class NaiveBatchNorm
{
    /// <summary>y = gamma·(x − mean)/sqrt(var + eps) + beta per channel of [N, C, inner].</summary>
    public static float[] Normalize(float[] x, int n, int c, int inner, float[] gamma, float[] beta, double[] mean, double[] variance, double eps)
    {
        var y = new float[x.Length];
        for (var b = 0; b < n; b++)
        for (var ch = 0; ch < c; ch++)
        for (var i = 0; i < inner; i++)
        {
            var k = (b * c + ch) * inner + i;
            y[k] = (float)(gamma[ch] * (x[k] - mean[ch]) / Math.Sqrt(variance[ch] + eps) + beta[ch]);
        }
        return y;
    }

    /// <summary>Per-channel mean and biased variance (divided by N·inner) over the batch and spatial axes.</summary>
    public static (double[] Mean, double[] Variance) BatchStatistics(float[] x, int n, int c, int inner)
    {
        var mean = new double[c];
        var variance = new double[c];
        var count = n * inner;
        for (var ch = 0; ch < c; ch++)
        {
            var values = Enumerable.Range(0, n).SelectMany(b => Enumerable.Range(0, inner).Select(i => (double)x[(b * c + ch) * inner + i])).ToList();
            mean[ch] = values.Sum() / count;
            variance[ch] = values.Sum(v => (v - mean[ch]) * (v - mean[ch])) / count;
        }
        return (mean, variance);
    }
}
