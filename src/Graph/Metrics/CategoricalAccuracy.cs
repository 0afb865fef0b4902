namespace Onnxdl.Graph.Metrics;

/// <summary>Fraction of rows whose predicted class (ArgMax; first on ties) is the target's ArgMax (one-hot targets [N, C]).</summary>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : Metric(name)
{
    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        return MeanOf(b, b.Equal(b.ArgMax(prediction, -1), b.ArgMax(target, -1)));
    }
}
