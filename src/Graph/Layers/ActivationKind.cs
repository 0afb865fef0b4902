namespace Onnxdl.Graph.Layers;

/// <summary>The activation functions a layer can apply to its output (Keras names in lower case).</summary>
public enum ActivationKind { Linear, Relu, Sigmoid, Tanh, Softmax }
