namespace Onnxdl.Graph.Metrics;

/// <summary>Fraction of elements where (prediction &gt; threshold) equals the 0/1 target, as Keras computes it.</summary>
public sealed class BinaryAccuracy(float threshold = 0.5f, string name = "binary_accuracy") : Metric(name)
{
    /// <summary>Predictions above this count as class 1.</summary>
    public float Threshold { get; } = threshold;

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var predicted = b.Cast(b.Greater(prediction, b.Constant(Threshold, "threshold")), ElementType.Float);
        return MeanOf(b, b.Equal(predicted, target));
    }
}
