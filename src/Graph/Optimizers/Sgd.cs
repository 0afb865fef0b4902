namespace Onnxdl.Graph.Optimizers;

/// <summary>
/// Stochastic gradient descent, Keras 3: without momentum w ← w - lr·g; with momentum
/// v ← momentum·v - lr·g and w ← w + v, or with Nesterov w ← w + momentum·v - lr·g (v already updated).
/// State: <c>{param}.momentum</c> only when momentum &gt; 0. Keras defaults: lr 0.01, momentum 0.
/// </summary>
public sealed record Sgd() : Optimizer("sgd", 0.01f)
{
    /// <summary>The momentum in [0, 1) (0 = plain SGD).</summary>
    public float Momentum { get; init; }
    /// <summary>True for Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateSlots() => Momentum > 0 ? ["momentum"] : [];

    /// <inheritdoc/>
    protected override void AddProblems(List<string> problems) => RequireFraction(problems, "momentum", Momentum);

    /// <inheritdoc/>
    protected override UpdateRule Prepare(GraphBuilder b, Var learningRate, Var step)
    {
        if (Momentum == 0) return (w, g, _) => (b.Sub(w, b.Mul(g, learningRate)), []);
        var momentum = b.Constant(Momentum, "momentum");
        return (w, g, states) =>
        {
            var scaledGrad = b.Mul(g, learningRate);
            var velocity = b.Sub(b.Mul(states[0], momentum), scaledGrad);
            var delta = Nesterov ? b.Sub(b.Mul(velocity, momentum), scaledGrad) : velocity;
            return (b.Add(w, delta), [velocity]);
        };
    }
}
