namespace Onnxdl.Graph.Optimizers;

/// <summary>
/// Adam, Keras 3 formulation: with t the 1-based step, α = lr·sqrt(1-β₂ᵗ)/(1-β₁ᵗ),
/// m ← m + (g-m)(1-β₁), v ← v + (g²-v)(1-β₂), w ← w - α·m/(sqrt(v) + ε).
/// States: <c>{param}.adam_m</c>, <c>{param}.adam_v</c>. Keras defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
public record Adam : Optimizer
{
    /// <summary>Adam with Keras' defaults: learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.</summary>
    public Adam() : this("adam") { }

    /// <summary>For subclasses (AdamW) that change the name.</summary>
    protected Adam(string name) : base(name, 1e-3f) { }

    /// <summary>The decay rate of the first-moment estimate.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("beta_1")]
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>The decay rate of the second-moment estimate.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("beta_2")]
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>The constant added to the denominator.</summary>
    public float Epsilon { get; init; } = 1e-7f;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateSlots() => ["adam_m", "adam_v"];

    /// <inheritdoc/>
    protected override void AddProblems(List<string> problems)
    {
        RequireFraction(problems, "beta_1", Beta1);
        RequireFraction(problems, "beta_2", Beta2);
        Require(problems, "epsilon", Epsilon, Epsilon > 0, "> 0");
    }

    /// <inheritdoc/>
    protected override UpdateRule Prepare(GraphBuilder b, Var learningRate, Var step)
    {
        var one = b.Constant(1f, "one");
        var t = b.Cast(step, ElementType.Float);
        var beta1Power = b.Pow(b.Constant(Beta1, "beta_1"), t);
        var beta2Power = b.Pow(b.Constant(Beta2, "beta_2"), t);
        var alpha = b.Div(b.Mul(learningRate, b.Sqrt(b.Sub(one, beta2Power))), b.Sub(one, beta1Power));
        var oneMinusBeta1 = b.Constant(1f - Beta1, "one_minus_beta_1");
        var oneMinusBeta2 = b.Constant(1f - Beta2, "one_minus_beta_2");
        var epsilon = b.Constant(Epsilon, "epsilon");
        return (w, g, states) =>
        {
            var (m, v) = (states[0], states[1]);
            var newM = b.Add(m, b.Mul(b.Sub(g, m), oneMinusBeta1));
            var newV = b.Add(v, b.Mul(b.Sub(b.Mul(g, g), v), oneMinusBeta2));
            var newW = b.Sub(w, b.Div(b.Mul(newM, alpha), b.Add(b.Sqrt(newV), epsilon)));
            return (newW, [newM, newV]);
        };
    }
}
