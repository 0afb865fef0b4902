namespace Onnxdl.Graph.Layers;

/// <summary>(C, H, W) → (C·H·W) in C, H, W order (Keras flattens H, W, C: same size, different order).</summary>
public sealed class Flatten(string? name = null) : Layer(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Flatten";
    /// <inheritdoc/>
    public override string NamePrefix => "flatten";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) => [inputShape.Aggregate(1, (a, d) => checked(a * d))];

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x) => ctx.B.Flatten(x, axis: 1);

    internal override void WriteSpec(SpecWriter writer) { }

    internal static Flatten FromSpec(SpecReader r, string? name) => new(name);
}
