namespace Onnxdl.Graph.Losses;

/// <summary>mean(|prediction - target|) over every element (Keras: last axis, then batch).</summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc/>
    public override bool IsRegression => true;

    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        return b.ReduceMean(b.Abs(b.Sub(prediction, target)), keepDims: false);
    }
}
