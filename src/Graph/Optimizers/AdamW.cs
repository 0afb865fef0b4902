namespace Onnxdl.Graph.Optimizers;

/// <summary>Adam with decoupled weight decay (w ← w - lr·wd·w before the Adam update); Keras default weight decay 0.004.</summary>
public sealed record AdamW : Adam
{
    public AdamW() : base("adamw") => WeightDecay = 0.004f;
}
