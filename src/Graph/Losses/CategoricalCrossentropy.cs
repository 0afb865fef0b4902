namespace Onnxdl.Graph.Losses;

/// <summary>
/// -mean over the batch of Σ_classes y·log p, for one-hot (or soft) float targets [N, C].
/// From logits — given (<paramref name="fromLogits"/>) or found behind a Softmax — it is
/// -mean(Σ y·LogSoftmax(z)), finite for any logits. From probabilities it follows Keras: rows are
/// renormalized to sum 1, clipped to [ε, 1-ε], then logged.
/// </summary>
public sealed class CategoricalCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>True when predictions are logits (a softmax is applied inside the loss).</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var logits = FromLogits ? prediction : FusedActivation.SoftmaxLogits(b, prediction);
        var logProbabilities = logits is { } z ? b.LogSoftmax(z) : b.Log(ClipProbabilities(b, Renormalize(b, prediction)));
        return b.Neg(MeanOfRowSums(b, b.Mul(target, logProbabilities)));
    }

    internal static Var Renormalize(GraphBuilder b, Var p) => b.Div(p, b.ReduceSum(p, [-1]));
}
