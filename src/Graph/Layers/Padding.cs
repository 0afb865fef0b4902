namespace Onnxdl.Graph.Layers;

/// <summary>Keras padding modes for convolution and pooling.</summary>
public enum Padding
{
    /// <summary>No padding: the output shrinks by the window.</summary>
    Valid,
    /// <summary>Zero padding so that stride 1 keeps the spatial size.</summary>
    Same,
}
