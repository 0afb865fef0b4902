namespace Onnxdl.Runtime;

/// <summary>
/// One scope of a training step's nodes: a layer (its forward nodes, and the nodes of its gradient under
/// <c>grad/LAYER/</c>), the optimizer's updates (<c>adam/…</c>), or the loss. Times are kernel
/// milliseconds per step; GFLOP/s come from the layer's Conv/Gemm/MatMul MACs, absent for layers without them.
/// </summary>
public sealed record StepProfileRow(string Scope, double ForwardMs, double BackwardMs, double? ForwardGflops, double? BackwardGflops);
