namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>ReLU()</c> layer: max(x, 0), with Keras' defaults (no max_value, slope 0, threshold 0).</summary>
public sealed class ReLU(string? name = null) : Layer(name)
{
    /// <inheritdoc/>
    public override string TypeName => "ReLU";
    /// <inheritdoc/>
    public override string NamePrefix => "re_lu";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x) => ctx.B.Relu(x);

    internal override void WriteSpec(SpecWriter writer) { }

    internal static ReLU FromSpec(SpecReader r, string? name) => new(name);
}
