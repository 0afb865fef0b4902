namespace Onnxdl.Graph.Layers;

/// <summary>Max pooling; "same" padding never picks a padded pixel (ONNX pads MaxPool with −∞).</summary>
public sealed class MaxPooling2D(Size2? poolSize = null, Size2? strides = null, Padding padding = Padding.Valid, string? name = null)
    : Pooling2D(poolSize ?? 2, strides, padding, name)
{
    /// <inheritdoc/>
    public override string TypeName => "MaxPooling2D";
    /// <inheritdoc/>
    public override string NamePrefix => "max_pooling2d";

    /// <summary>
    /// Plain MaxPool in both modes: the autodiff adds the Indices output only when its gradient needs it
    /// (ORT's CPU MaxPool is much slower with Indices).
    /// </summary>
    protected override Var Pool(LayerContext ctx, Var x, PoolAttrs attrs) => ctx.B.MaxPool(x, attrs);

    internal static MaxPooling2D FromSpec(SpecReader r, string? name) =>
        FromSpec(r, (pool, strides, padding) => new MaxPooling2D(pool, strides, padding, name));
}
