namespace Onnxdl.Graph.Layers;

/// <summary>Sums over parameter lists.</summary>
public static class ParameterInfoExtensions
{
    /// <summary>The float32 tensor type of a parameter (all parameters are float32).</summary>
    public static TensorType Type(this ParameterInfo p) => TensorType.Float([.. p.Shape.Select(Dim.Of)]);
}
