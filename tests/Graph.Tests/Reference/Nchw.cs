namespace Onnxdl.Graph.Tests.Reference;

/// <summary>A dense NCHW float array with an indexer, for the naive references.</summary>
public sealed class Nchw(int n, int c, int h, int w, float[]? data = null)
{
    public int N { get; } = n;
    public int C { get; } = c;
    public int H { get; } = h;
    public int W { get; } = w;
    public float[] Data { get; } = data ?? new float[n * c * h * w];

    public float this[int n, int c, int y, int x]
    {
        get => Data[((n * C + c) * H + y) * W + x];
        set => Data[((n * C + c) * H + y) * W + x] = value;
    }

    public long[] Dims => [N, C, H, W];
}
