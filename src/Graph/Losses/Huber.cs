namespace Onnxdl.Graph.Losses;

/// <summary>
/// Keras' <c>Huber</c>: per element ½e² where |e| ≤ <see cref="Delta"/>, else δ(|e| − ½δ) (e = prediction − target), then the
/// mean over every element. Written as ½q² + δ(|e| − q) with q = min(|e|, δ), as Keras writes it, so only Abs, Min and
/// arithmetic need gradients: quadratic near zero like MSE, linear in the tails like MAE, so outliers pull less.
/// </summary>
public sealed class Huber : Loss
{
    /// <summary>A Huber loss switching from quadratic to linear at |error| = <paramref name="delta"/> (Keras' default 1).</summary>
    public Huber(float delta = 1f)
    {
        if (!(delta > 0) || !float.IsFinite(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber's delta must be a positive finite number.");
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override bool IsRegression => true;

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var absolute = b.Abs(b.Sub(prediction, target));
        var delta = b.Constant(Delta, "delta");
        var quadratic = b.Min(absolute, delta);
        var linear = b.Sub(absolute, quadratic);
        var perElement = b.Add(b.Mul(b.Constant(0.5f, "half"), b.Mul(quadratic, quadratic)), b.Mul(delta, linear));
        return b.ReduceMean(perElement, keepDims: false);
    }

    /// <summary>The loss of one error, for references computed outside the graph.</summary>
    public double Of(double error)
    {
        var absolute = Math.Abs(error);
        return absolute <= Delta ? 0.5 * error * error : Delta * (absolute - 0.5 * Delta);
    }
}
