namespace Onnxdl.Graph.Layers;

/// <summary>Average pooling; with "same" padding a border window averages only the real pixels, as Keras does.</summary>
public sealed class AveragePooling2D(Size2? poolSize = null, Size2? strides = null, Padding padding = Padding.Valid, string? name = null)
    : Pooling2D(poolSize ?? 2, strides, padding, name)
{
    /// <inheritdoc/>
    public override string TypeName => "AveragePooling2D";
    /// <inheritdoc/>
    public override string NamePrefix => "average_pooling2d";

    /// <inheritdoc/>
    protected override Var Pool(LayerContext ctx, Var x, PoolAttrs attrs) => ctx.B.AveragePool(x, attrs, countIncludePad: false);

    internal static AveragePooling2D FromSpec(SpecReader r, string? name) =>
        FromSpec(r, (pool, strides, padding) => new AveragePooling2D(pool, strides, padding, name));
}
