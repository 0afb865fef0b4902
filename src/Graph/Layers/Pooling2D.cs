namespace Onnxdl.Graph.Layers;

/// <summary>Shared shape logic and spec fields of 2-D pooling layers (Keras: pool_size 2, strides = pool_size, "valid").</summary>
public abstract class Pooling2D : Layer
{
    /// <summary>A pooling layer with the given window; strides default to the pool size.</summary>
    protected Pooling2D(Size2 poolSize, Size2? strides, Padding padding, string? name) : base(name) =>
        Window = Window.Of(Label, poolSize, strides ?? poolSize, 1, padding);

    /// <summary>Pool size, strides and padding.</summary>
    public Window Window { get; }

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape)
    {
        var (c, _, _) = RequireImage(inputShape);
        var (oh, ow, _) = Window.Apply(Label, inputShape);
        return [c, oh, ow];
    }

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        var (_, _, pads) = Window.Apply(Label, InputShape);
        return Pool(ctx, x, new PoolAttrs(Window.Kernel.ToLongs(), Window.Strides.ToLongs(), pads));
    }

    /// <summary>Emits the pooling op itself.</summary>
    protected abstract Var Pool(LayerContext ctx, Var x, PoolAttrs attrs);

    internal override void WriteSpec(SpecWriter writer)
    {
        writer.Size("pool_size", Window.Kernel);
        writer.Size("strides", Window.Strides);
        writer.Padding(Window.Padding);
    }

    /// <summary>Reads pool_size, strides and padding and hands them to a concrete layer's constructor.</summary>
    internal static T FromSpec<T>(SpecReader r, Func<Size2, Size2?, Padding, T> create) =>
        create(r.Size("pool_size", 2), r.OptionalSize("strides"), r.Padding());
}
