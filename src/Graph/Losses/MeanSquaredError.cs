namespace Onnxdl.Graph.Losses;

/// <summary>mean((prediction - target)²) over every element (Keras: last axis, then batch).</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override bool IsRegression => true;

    /// <inheritdoc/>
    public override string Name => "mse";

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var diff = b.Sub(prediction, target);
        return b.ReduceMean(b.Mul(diff, diff), keepDims: false);
    }
}
