namespace Onnxdl.Graph.Layers;

/// <summary>Per-sample shapes (no batch dim): (C, H, W) for images, (F) for features.</summary>
public static class Shapes
{
    /// <summary>"(32, 26, 26)"; the batch dim is never included.</summary>
    public static string Format(IReadOnlyList<int> shape) => $"({string.Join(", ", shape)})";

    /// <summary>The batched ONNX type: float32 [N, ...shape].</summary>
    public static TensorType Batched(IReadOnlyList<int> shape) =>
        TensorType.Float([Dim.Batch, .. shape.Select(d => Dim.Of(d))]);
}
