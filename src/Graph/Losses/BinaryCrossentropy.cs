namespace Onnxdl.Graph.Losses;

/// <summary>
/// Mean over every element of -(y·log p + (1-y)·log(1-p)), for targets in [0, 1]. From logits — given
/// or found behind a Sigmoid — it is the stable max(z, 0) - z·y + log(1 + e^-|z|) (max written as Relu).
/// From probabilities it follows Keras: p clipped to [ε, 1-ε], then y·log(p+ε) + (1-y)·log(1-p+ε).
/// </summary>
public sealed class BinaryCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>True when predictions are logits (a sigmoid is applied inside the loss).</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    public override Var Build(GraphBuilder b, Var prediction, Var target)
    {
        using var _ = b.BeginScope(Name);
        var logits = FromLogits ? prediction : FusedActivation.SigmoidLogits(b, prediction);
        return logits is { } z ? FromLogitValues(b, z, target) : FromProbabilities(b, prediction, target);
    }

    private static Var FromLogitValues(GraphBuilder b, Var z, Var y)
    {
        var softplusOfNegAbs = b.Log(b.Add(b.Constant(1f, "one"), b.Exp(b.Neg(b.Abs(z)))));
        return b.ReduceMean(b.Add(b.Sub(b.Relu(z), b.Mul(z, y)), softplusOfNegAbs), keepDims: false);
    }

    private static Var FromProbabilities(GraphBuilder b, Var prediction, Var y)
    {
        var one = b.Constant(1f, "one");
        var epsilon = b.Constant(Epsilon, "epsilon");
        var p = ClipProbabilities(b, prediction);
        var positive = b.Mul(y, b.Log(b.Add(p, epsilon)));
        var negative = b.Mul(b.Sub(one, y), b.Log(b.Add(b.Sub(one, p), epsilon)));
        return b.Neg(b.ReduceMean(b.Add(positive, negative), keepDims: false));
    }
}
