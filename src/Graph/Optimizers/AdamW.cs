namespace Onnxdl.Graph.Optimizers;

/// <summary>Adam with decoupled weight decay (w ← w - lr·wd·w before the Adam update); Keras default weight decay 0.004.</summary>
public sealed record AdamW : Adam
{
    /// <summary>AdamW with Keras' defaults (weight decay 0.004).</summary>
    public AdamW() : base("adamw") => WeightDecay = 0.004f;
}
