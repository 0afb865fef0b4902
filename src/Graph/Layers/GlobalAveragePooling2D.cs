namespace Onnxdl.Graph.Layers;

/// <summary>Mean over H and W: (C, H, W) → (C), as Keras (keepdims=False).</summary>
public sealed class GlobalAveragePooling2D(string? name = null) : Layer(name)
{
    /// <inheritdoc/>
    public override string TypeName => "GlobalAveragePooling2D";
    /// <inheritdoc/>
    public override string NamePrefix => "global_average_pooling2d";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) => [RequireImage(inputShape).C];

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x) => ctx.B.Flatten(ctx.B.GlobalAveragePool(x), axis: 1);

    internal override void WriteSpec(SpecWriter writer) { }

    internal static GlobalAveragePooling2D FromSpec(SpecReader r, string? name) => new(name);
}
