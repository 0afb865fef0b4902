namespace Onnxdl.Graph.Losses;

/// <summary>
/// Finds the pre-activation behind a prediction, so a cross-entropy can be computed from logits
/// (LogSoftmax, or the stable sigmoid form) instead of taking the log of a saturated probability.
/// </summary>
internal static class FusedActivation
{
    /// <summary>The logits fed to a last-axis Softmax that produced <paramref name="prediction"/>, else null.</summary>
    public static Var? SoftmaxLogits(GraphBuilder b, Var prediction)
    {
        var node = Producer(b, prediction, "Softmax");
        if (node is null) return null;
        var logits = node.Inputs[0];
        // Softmax's default axis is 1 before opset 13 (same as last for 2-D inputs) and -1 from 13 on.
        var axis = node.Int("axis", b.Opset >= 13 ? -1 : 1);
        // Softmax keeps its input's shape, so the prediction's annotated type gives the rank too.
        var rank = (b.Graph.TypeOf(logits) ?? b.Graph.TypeOf(prediction.Name))?.Shape?.Count;
        var lastAxis = axis == -1 || (rank is { } r && axis == r - 1) || (rank is null && b.Opset < 13 && axis == 1);
        return lastAxis ? new Var(logits) : null;
    }

    /// <summary>The logits fed to the Sigmoid that produced <paramref name="prediction"/>, else null.</summary>
    public static Var? SigmoidLogits(GraphBuilder b, Var prediction) =>
        Producer(b, prediction, "Sigmoid") is { } node ? new Var(node.Inputs[0]) : null;

    private static Node? Producer(GraphBuilder b, Var value, string opType) =>
        b.Graph.Producers().TryGetValue(value.Name, out var node) && node.OpType == opType && node.Domain is "" or "ai.onnx"
            ? node
            : null;
}
