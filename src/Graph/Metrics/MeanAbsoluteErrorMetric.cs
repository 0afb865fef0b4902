namespace Onnxdl.Graph.Metrics;

/// <summary>mean(|prediction - target|), the same fragment as the MAE loss, reported as a metric.</summary>
public sealed class MeanAbsoluteErrorMetric(string name = "mae") : Metric(name)
{
    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target) =>
        new Losses.MeanAbsoluteError().Build(b, prediction, target);
}
