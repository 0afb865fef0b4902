namespace Onnxdl.Graph.Layers;

/// <summary>(C, H, W) → (C·H·W) in C, H, W order (Keras flattens H, W, C: same size, different order).</summary>
public sealed class Flatten(string? name = null) : Layer(name)
{
    public override string TypeName => "Flatten";
    public override string NamePrefix => "flatten";

    public override int[] OutputShape(int[] inputShape) => [inputShape.Aggregate(1, (a, d) => checked(a * d))];

    public override Var Forward(LayerContext ctx, Var x) => ctx.B.Flatten(x, axis: 1);

    internal override void WriteSpec(SpecWriter writer) { }

    internal static Flatten FromSpec(SpecReader r, string? name) => new(name);
}
