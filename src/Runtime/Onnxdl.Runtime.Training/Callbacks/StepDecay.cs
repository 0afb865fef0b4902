namespace Onnxdl.Runtime;

/// <summary>lr · factor^⌊epoch / every⌋.</summary>
public sealed class StepDecay(float factor = 0.5f, int every = 10)
    : LearningRateScheduler((epoch, lr) => lr * MathF.Pow(factor, epoch / Math.Max(1, every)));
