namespace Onnxdl.Runtime;

/// <summary>Cosine decay from the initial lr to <paramref name="minimum"/> over <paramref name="epochs"/> epochs.</summary>
public sealed class CosineDecay(int epochs, float minimum = 0f)
    : LearningRateScheduler((epoch, lr) => minimum + (lr - minimum) * 0.5f * (1 + MathF.Cos(MathF.PI * Math.Min(epoch, epochs) / Math.Max(1, epochs))));
