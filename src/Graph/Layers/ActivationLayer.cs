namespace Onnxdl.Graph.Layers;

/// <summary>Applies an activation on its own (Keras' <c>Activation</c> layer).</summary>
public sealed class ActivationLayer(ActivationKind activation, string? name = null) : Layer(name)
{
    /// <summary>The activation applied.</summary>
    public ActivationKind Activation { get; } = activation;

    /// <inheritdoc/>
    public override string TypeName => "Activation";
    /// <inheritdoc/>
    public override string NamePrefix => "activation";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x) => Activation.Emit(ctx.B, x, InputShape.Length + 1);

    internal override void WriteSpec(SpecWriter writer) => writer.Activation(Activation);

    internal static ActivationLayer FromSpec(SpecReader r, string? name) => new(r.Activation(), name);
}
