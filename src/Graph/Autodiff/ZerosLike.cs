namespace Onnxdl.Graph.Autodiff;

internal static class ZerosLike
{
    /// <summary>ConstantOfShape(Shape(x)) of the given type: no arithmetic on x, so NaN/Inf in x cannot leak.</summary>
    public static Var Of(GraphBuilder b, Var like, ElementType type) =>
        b.ConstantOfShape(b.Shape(like), type == ElementType.Double
            ? Tensor.FromDoubles("value", [1], [0.0])
            : Tensor.FromFloats("value", [1], [0f]));
}
