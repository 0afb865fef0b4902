namespace Onnxdl.Graph.Tests.Reference;

public static class NaivePool2D
{
    /// <summary>Max over each window's real pixels (padding never wins).</summary>
    public static Nchw Max(Nchw x, (int H, int W) pool, (int H, int W) stride, bool same) =>
        Run(x, pool, stride, same, values => values.Max());

    /// <summary>Mean over each window's real pixels only (Keras/TF "same" average pooling).</summary>
    public static Nchw Average(Nchw x, (int H, int W) pool, (int H, int W) stride, bool same) =>
        Run(x, pool, stride, same, values => (float)values.Average(v => (double)v));

    private static Nchw Run(Nchw x, (int H, int W) pool, (int H, int W) stride, bool same, Func<List<float>, float> reduce)
    {
        var (oh, top) = SamePadding.Axis(x.H, pool.H, stride.H, 1, same);
        var (ow, left) = SamePadding.Axis(x.W, pool.W, stride.W, 1, same);
        var y = new Nchw(x.N, x.C, oh, ow);
        for (var n = 0; n < x.N; n++)
        for (var c = 0; c < x.C; c++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            var window = new List<float>();
            for (var i = 0; i < pool.H; i++)
            for (var j = 0; j < pool.W; j++)
            {
                int iy = oy * stride.H + i - top, ix = ox * stride.W + j - left;
                if (iy >= 0 && iy < x.H && ix >= 0 && ix < x.W) window.Add(x[n, c, iy, ix]);
            }
            y[n, c, oy, ox] = reduce(window);
        }
        return y;
    }
}
