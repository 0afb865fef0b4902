namespace Onnx.Graph.Layers;

/// <summary>Max pooling; "same" padding never picks a padded pixel (ONNX pads MaxPool with −∞).</summary>
public sealed class MaxPooling2D(Size2? poolSize = null, Size2? strides = null, Padding padding = Padding.Valid, string? name = null)
    : Pooling2D(poolSize ?? 2, strides, padding, name)
{
    public override string TypeName => "MaxPooling2D";
    public override string NamePrefix => "max_pooling2d";

    /// <summary>In training mode the Indices output is emitted too, for the backward pass (ScatterElements runs on CUDA).</summary>
    protected override Var Pool(LayerContext ctx, Var x, PoolAttrs attrs) =>
        ctx.Training ? ctx.B.MaxPoolWithIndices(x, attrs).Y : ctx.B.MaxPool(x, attrs);

    internal static MaxPooling2D FromSpec(SpecReader r, string? name) =>
        FromSpec(r, (pool, strides, padding) => new MaxPooling2D(pool, strides, padding, name));
}
