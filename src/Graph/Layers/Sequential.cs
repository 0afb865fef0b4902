namespace Onnxdl.Graph.Layers;

/// <summary>
/// A stack of layers, Keras-style: the <see cref="Functional"/> network in which each layer takes the
/// previous layer's output (the first takes the input) and the last layer's output is the model's.
/// </summary>
public sealed class Sequential : Functional
{
    /// <summary>A network of <paramref name="layers"/> applied in order to <paramref name="input"/>; layers get their input shapes here and unnamed layers are named by position.</summary>
    public Sequential(string name, ModelInput input, params Layer[] layers) : base(name, input)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <inheritdoc/>
    private protected override string Kind => "Sequential";

    /// <summary>Appends a layer: names it if unnamed, infers its output shape and declares its parameters.</summary>
    public Sequential Add(Layer layer)
    {
        AddNode(layer, [OutputIndex]);
        OutputIndex = Layers.Count - 1;
        return this;
    }

    /// <summary>Creates every parameter with its Keras initializer; each kernel draws from its own stream of <paramref name="seed"/>.</summary>
    public new Sequential Build(long seed)
    {
        base.Build(seed);
        return this;
    }
}
