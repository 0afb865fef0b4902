namespace Onnxdl.Graph.Optimizers;

/// <summary>
/// Adam, Keras 3 formulation: with t the 1-based step, α = lr·sqrt(1-β₂ᵗ)/(1-β₁ᵗ),
/// m ← m + (g-m)(1-β₁), v ← v + (g²-v)(1-β₂), w ← w - α·m/(sqrt(v) + ε).
/// The states are kept as the decayed sums m/(1-β₁) and v/(1-β₂) (<c>{param}.adam_m_sum</c>,
/// <c>{param}.adam_v_sum</c>): m̃ ← β₁m̃ + g, ṽ ← β₂ṽ + g², w ← w - α'·m̃/(sqrt(ṽ) + ε') with
/// α' = α(1-β₁)/sqrt(1-β₂) and ε' = ε/sqrt(1-β₂) — the same update in ten passes over the parameter instead of
/// twelve (the optimizer is memory-bound: a quarter of the TF-doc convnet's step). Checkpoints that hold Keras'
/// moments under the earlier names <c>adam_m</c>/<c>adam_v</c> are converted on load (<see cref="SlotUpgrades"/>).
/// Keras defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.
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
    public override IReadOnlyList<string> StateSlots() => ["adam_m_sum", "adam_v_sum"];

    /// <summary>Keras' moments m and v, as checkpoints before the decayed sums stored them: m̃ = m/(1-β₁), ṽ = v/(1-β₂).</summary>
    public override IReadOnlyList<SlotUpgrade> SlotUpgrades() =>
        [new("adam_m", "adam_m_sum", 1 / (1 - (double)Beta1)), new("adam_v", "adam_v_sum", 1 / (1 - (double)Beta2))];

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
        var beta1 = b.Constant(Beta1, "beta_1");
        var beta2 = b.Constant(Beta2, "beta_2");
        var beta1Power = b.Pow(beta1, t);
        var beta2Power = b.Pow(beta2, t);
        var sumsScale = b.Constant((float)((1 - (double)Beta1) / Math.Sqrt(1 - (double)Beta2)), "sums_scale");
        var alpha = b.Div(b.Mul(b.Mul(learningRate, sumsScale), b.Sqrt(b.Sub(one, beta2Power))), b.Sub(one, beta1Power));
        var epsilon = b.Constant((float)(Epsilon / Math.Sqrt(1 - (double)Beta2)), "epsilon_scaled");
        return (w, g, states) =>
        {
            var (m, v) = (states[0], states[1]);
            var newM = b.Add(b.Mul(m, beta1), g);
            var newV = b.Add(b.Mul(v, beta2), b.Mul(g, g));
            var newW = b.Sub(w, b.Div(b.Mul(newM, alpha), b.Add(b.Sqrt(newV), epsilon)));
            return (newW, [newM, newV]);
        };
    }
}
