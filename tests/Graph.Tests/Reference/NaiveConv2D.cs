namespace Onnxdl.Graph.Tests.Reference;

public static class NaiveConv2D
{
    /// <summary>
    /// Direct 6-loop convolution; kernel [F, C/groups, kh, kw], filter f reading the channels of group f / (F/groups);
    /// padded pixels read as 0.
    /// </summary>
    public static Nchw Run(Nchw x, float[] kernel, int filters, int kh, int kw, float[]? bias,
        (int H, int W) stride, (int H, int W) dilation, bool same, int groups = 1)
    {
        var (groupChannels, groupFilters) = (x.C / groups, filters / groups);
        var (oh, top) = SamePadding.Axis(x.H, kh, stride.H, dilation.H, same);
        var (ow, left) = SamePadding.Axis(x.W, kw, stride.W, dilation.W, same);
        var y = new Nchw(x.N, filters, oh, ow);
        for (var n = 0; n < x.N; n++)
        for (var f = 0; f < filters; f++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            double sum = bias?[f] ?? 0;
            var first = f / groupFilters * groupChannels;
            for (var c = 0; c < groupChannels; c++)
            for (var i = 0; i < kh; i++)
            for (var j = 0; j < kw; j++)
            {
                var iy = oy * stride.H + i * dilation.H - top;
                var ix = ox * stride.W + j * dilation.W - left;
                if (iy < 0 || iy >= x.H || ix < 0 || ix >= x.W) continue;
                sum += x[n, first + c, iy, ix] * kernel[((f * groupChannels + c) * kh + i) * kw + j];
            }
            y[n, f, oy, ox] = (float)sum;
        }
        return y;
    }
}
