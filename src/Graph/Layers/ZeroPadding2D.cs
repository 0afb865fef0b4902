namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>ZeroPadding2D(padding)</c>: zero rows above and below, zero columns left and right: (C, H, W) → (C, H+top+bottom, W+left+right).</summary>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>Padding of <paramref name="top"/>/<paramref name="bottom"/> rows and <paramref name="left"/>/<paramref name="right"/> columns, each ≥ 0.</summary>
    public ZeroPadding2D(int top, int bottom, int left, int right, string? name = null) : base(name)
    {
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new ArgumentException($"{Label}: padding must not be negative, received (({top}, {bottom}), ({left}, {right})).");
        (Top, Bottom, Left, Right) = (top, bottom, left, right);
    }

    /// <summary>Rows of zeros above.</summary>
    public int Top { get; }
    /// <summary>Rows of zeros below.</summary>
    public int Bottom { get; }
    /// <summary>Columns of zeros on the left.</summary>
    public int Left { get; }
    /// <summary>Columns of zeros on the right.</summary>
    public int Right { get; }

    /// <inheritdoc/>
    public override string TypeName => "ZeroPadding2D";
    /// <inheritdoc/>
    public override string NamePrefix => "zero_padding2d";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        var (c, h, w) = RequireImage(inputShape);
        return [c, h + Top + Bottom, w + Left + Right];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x) => ctx.B.Pad(x, [0, 0, Top, Left, 0, 0, Bottom, Right]);

    /// <summary>Canonical Keras form: one number when all sides agree, [h, w] when symmetric, [[top, bottom], [left, right]] otherwise.</summary>
    internal override void WriteSpec(SpecWriter writer) => writer.Padding2D("padding", (Top, Bottom, Left, Right));

    internal static ZeroPadding2D FromSpec(SpecReader r, string? name)
    {
        var (top, bottom, left, right) = r.Padding2D("padding", 1);
        return new(top, bottom, left, right, name);
    }
}
