namespace Onnxdl.Graph.Optimizers;

/// <summary>
/// RMSprop, Keras 3: v ← ρv + (1-ρ)g²; centered: a ← ρa + (1-ρ)g and d = v - a² + ε, else d = v + ε;
/// Δ = lr·g/sqrt(d); with momentum μ &gt; 0: s ← μs + Δ and w ← w - s, else w ← w - Δ.
/// States: <c>{param}.rmsprop_v</c>, then <c>{param}.rmsprop_mg</c> when centered, then <c>{param}.momentum</c>
/// when μ &gt; 0. Keras defaults: lr 1e-3, ρ 0.9, μ 0, ε 1e-7, not centered.
/// </summary>
public sealed record RmsProp() : Optimizer("rmsprop", 1e-3f)
{
    /// <summary>The decay rate of the squared-gradient average.</summary>
    public float Rho { get; init; } = 0.9f;
    /// <summary>The momentum (0 = none).</summary>
    public float Momentum { get; init; }
    /// <summary>The constant added to the denominator.</summary>
    public float Epsilon { get; init; } = 1e-7f;
    /// <summary>True to divide by the centered (variance) estimate.</summary>
    public bool Centered { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateSlots()
    {
        var slots = new List<string> { "rmsprop_v" };
        if (Centered) slots.Add("rmsprop_mg");
        if (Momentum > 0) slots.Add("momentum");
        return slots;
    }

    /// <inheritdoc/>
    protected override void AddProblems(List<string> problems)
    {
        RequireFraction(problems, "rho", Rho);
        RequireFraction(problems, "momentum", Momentum);
        Require(problems, "epsilon", Epsilon, Epsilon > 0, "> 0");
    }

    /// <inheritdoc/>
    protected override UpdateRule Prepare(GraphBuilder b, Var learningRate, Var step)
    {
        var rho = b.Constant(Rho, "rho");
        var oneMinusRho = b.Constant(1f - Rho, "one_minus_rho");
        var epsilon = b.Constant(Epsilon, "epsilon");
        var momentum = Momentum > 0 ? b.Constant(Momentum, "momentum") : (Var?)null;
        return (w, g, states) =>
        {
            var next = new List<Var>();
            Var Average(Var state, Var sample) => b.Add(b.Mul(rho, state), b.Mul(oneMinusRho, sample));
            var velocity = Average(states[0], b.Mul(g, g));
            next.Add(velocity);
            var denominator = b.Add(velocity, epsilon);
            if (Centered)
            {
                var meanGrad = Average(states[1], g);
                next.Add(meanGrad);
                denominator = b.Sub(denominator, b.Mul(meanGrad, meanGrad));
            }
            var increment = b.Div(b.Mul(learningRate, g), b.Sqrt(denominator));
            if (momentum is { } mu)
            {
                increment = b.Add(b.Mul(mu, states[^1]), increment);
                next.Add(increment);
            }
            return (b.Sub(w, increment), [.. next]);
        };
    }
}
