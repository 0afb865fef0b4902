namespace Onnxdl.Graph.Losses;

/// <summary>
/// -mean over the batch of log p[label], for int64 class indices [N] and predictions [N, C]. The
/// label's entry is picked with GatherElements (no one-hot). From logits — given or found behind a
/// Softmax — the log-probability is LogSoftmax(z); from probabilities it is the log of the renormalized,
/// clipped probability, as in Keras.
/// </summary>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>True when predictions are logits (a softmax is applied inside the loss).</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    public override TensorType TargetType(TensorType prediction) =>
        TensorType.Int64(prediction.Shape is { Count: > 0 } s ? s[0] : Dim.Batch);

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var labels = SparseLabels.AsColumn(b, target, Name);
        var logits = FromLogits ? prediction : FusedActivation.SoftmaxLogits(b, prediction);
        var logProbability = logits is { } z
            ? b.GatherElements(b.LogSoftmax(z), labels, axis: 1)
            : b.Log(ClipProbabilities(b, b.GatherElements(CategoricalCrossentropy.Renormalize(b, prediction), labels, axis: 1)));
        return b.Neg(b.ReduceMean(logProbability, keepDims: false));
    }
}
