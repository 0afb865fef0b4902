namespace Onnxdl.Graph.Tests.Reference;

public static class NaiveDense
{
    /// <summary>y[n, o] = Σ_i x[n, i]·kernel[i, o] + bias[o]; kernel is [in, out].</summary>
    public static float[] Run(float[] x, int batch, int inputs, float[] kernel, int units, float[]? bias)
    {
        var y = new float[batch * units];
        for (var n = 0; n < batch; n++)
        for (var o = 0; o < units; o++)
        {
            double sum = bias?[o] ?? 0;
            for (var i = 0; i < inputs; i++) sum += x[n * inputs + i] * kernel[i * units + o];
            y[n * units + o] = (float)sum;
        }
        return y;
    }
}
