namespace Onnxdl.Graph.Layers;

/// <summary>A (height, width) pair; an int means a square size, as in Keras' <c>kernel_size=3</c>.</summary>
public readonly record struct Size2(int H, int W)
{
    public static implicit operator Size2(int size) => new(size, size);
    public static implicit operator Size2((int H, int W) size) => new(size.H, size.W);

    public bool IsSquare => H == W;
    public long[] ToLongs() => [H, W];
    public override string ToString() => IsSquare ? $"{H}" : $"({H}, {W})";
}
