using Onnxdl.Graph.Losses;

namespace Onnxdl.Graph.Metrics;

/// <summary>Fraction of rows whose predicted class (ArgMax; first on ties) equals the int64 label ([N] or [N, 1]).</summary>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : Metric(name)
{
    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        return MeanOf(b, b.Equal(b.ArgMax(prediction, -1), SparseLabels.AsVector(b, target, Name)));
    }
}
