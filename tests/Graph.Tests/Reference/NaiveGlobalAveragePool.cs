namespace Onnxdl.Graph.Tests.Reference;

public static class NaiveGlobalAveragePool
{
    /// <summary>[N, C, H, W] → [N, C] means.</summary>
    public static float[] Run(Nchw x)
    {
        var y = new float[x.N * x.C];
        for (var n = 0; n < x.N; n++)
        for (var c = 0; c < x.C; c++)
        {
            double sum = 0;
            for (var i = 0; i < x.H; i++)
            for (var j = 0; j < x.W; j++) sum += x[n, c, i, j];
            y[n * x.C + c] = (float)(sum / (x.H * x.W));
        }
        return y;
    }
}
