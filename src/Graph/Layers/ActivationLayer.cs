namespace Onnxdl.Graph.Layers;

/// <summary>Applies an activation on its own (Keras' <c>Activation</c> layer).</summary>
public sealed class ActivationLayer(ActivationKind activation, string? name = null) : Layer(name)
{
    public ActivationKind Activation { get; } = activation;

    public override string TypeName => "Activation";
    public override string NamePrefix => "activation";

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override Var Forward(LayerContext ctx, Var x) => Activation.Emit(ctx.B, x, InputShape.Length + 1);

    internal override void WriteSpec(SpecWriter writer) => writer.Activation(Activation);

    internal static ActivationLayer FromSpec(SpecReader r, string? name) => new(r.Activation(), name);
}
