namespace Onnxdl.Graph.Layers;

/// <summary>The activation functions a layer can apply to its output (Keras names in lower case).</summary>
public enum ActivationKind
{
    /// <summary>No activation.</summary>
    Linear,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Softmax over the last axis.</summary>
    Softmax,
    /// <summary>x for x &gt; 0, else 0.2·x (Keras' <c>leaky_relu</c> with its default negative slope).</summary>
    LeakyRelu,
}
