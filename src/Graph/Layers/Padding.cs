namespace Onnxdl.Graph.Layers;

/// <summary>Keras padding modes for convolution and pooling.</summary>
public enum Padding { Valid, Same }
