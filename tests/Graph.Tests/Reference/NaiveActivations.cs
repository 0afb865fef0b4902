namespace Onnxdl.Graph.Tests.Reference;

public static class NaiveActivations
{
    /// <summary>Element-wise activations by Keras name (softmax is separate: it needs the axis).</summary>
    public static float[] Elementwise(string name, float[] x) => name switch
    {
        "linear" => [.. x],
        "relu" => [.. x.Select(v => Math.Max(v, 0f))],
        "sigmoid" => [.. x.Select(v => (float)(1 / (1 + Math.Exp(-v))))],
        "tanh" => [.. x.Select(v => (float)Math.Tanh(v))],
        "leaky_relu" => [.. x.Select(v => v > 0 ? v : 0.2f * v)],
        _ => throw new ArgumentException(name),
    };

    /// <summary>Softmax over axis 1 of [outer, channels, inner] (inner = H·W, or 1 for [N, F]).</summary>
    public static float[] Softmax(float[] x, int outer, int channels, int inner)
    {
        var y = new float[x.Length];
        for (var o = 0; o < outer; o++)
        for (var i = 0; i < inner; i++)
        {
            int At(int c) => (o * channels + c) * inner + i;
            var max = Enumerable.Range(0, channels).Max(c => x[At(c)]);
            var sum = Enumerable.Range(0, channels).Sum(c => Math.Exp(x[At(c)] - max));
            for (var c = 0; c < channels; c++) y[At(c)] = (float)(Math.Exp(x[At(c)] - max) / sum);
        }
        return y;
    }
}
