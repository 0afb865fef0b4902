namespace Onnxdl.Runtime;

/// <summary>
/// One scope of a training step's nodes: a layer (its forward nodes, and the nodes of its gradient under
/// <c>grad/LAYER/</c>), the optimizer's updates (<c>adam/…</c>), or the loss. <see cref="Backward"/> holds all of the
/// layer's gradient nodes; <see cref="InputGradient"/> and <see cref="WeightGradient"/> the part of them the gradient
/// rules emit under <c>…/input_grad/</c> and <c>…/weight_grad/</c> (Conv, Gemm), so that each backward
/// product's rate can be set against the forward's; <see cref="WeightGradientGemms"/> the weight gradient's matrix products
/// alone (MatMul, Gemm), without the nodes that build their operands: the rate the weight gradient would have if building
/// them were free.
/// </summary>
public sealed record StepProfileRow(string Scope, StepProfilePart Forward, StepProfilePart Backward,
    StepProfilePart InputGradient, StepProfilePart WeightGradient, StepProfilePart WeightGradientGemms);
