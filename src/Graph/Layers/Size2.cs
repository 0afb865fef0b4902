namespace Onnxdl.Graph.Layers;

/// <summary>A (height, width) pair; an int means a square size, as in Keras' <c>kernel_size=3</c>.</summary>
public readonly record struct Size2(int H, int W)
{
    /// <summary>A square size.</summary>
    public static implicit operator Size2(int size) => new(size, size);
    /// <summary>A (height, width) size.</summary>
    public static implicit operator Size2((int H, int W) size) => new(size.H, size.W);

    /// <summary>True when height equals width.</summary>
    public bool IsSquare => H == W;
    /// <summary>[H, W] as longs, for ONNX attributes.</summary>
    public long[] ToLongs() => [H, W];
    /// <inheritdoc/>
    public override string ToString() => IsSquare ? $"{H}" : $"({H}, {W})";
}
