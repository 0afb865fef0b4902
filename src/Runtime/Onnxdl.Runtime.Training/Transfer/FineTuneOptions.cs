namespace Onnxdl.Runtime;

/// <summary>
/// Options of <see cref="FineTuning"/>. Defaults: frozen base, 3 epochs, batch 32, Adam lr 1e-3, seed 0,
/// images scaled to [0, 1] without mean/std normalization.
/// </summary>
public sealed record FineTuneOptions
{
    /// <summary>True keeps the base model's weights frozen (its features are computed once and cached).</summary>
    public bool FreezeBase { get; init; } = true;
    /// <summary>The number of epochs.</summary>
    public int Epochs { get; init; } = 3;
    /// <summary>Samples per optimizer step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>The learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>The seed of initialization and shuffling.</summary>
    public int Seed { get; init; }
    /// <summary>Per-channel mean the base model expects its input normalized with, or null.</summary>
    public float[]? Mean { get; init; }
    /// <summary>Per-channel standard deviation the base model expects, or null.</summary>
    public float[]? Std { get; init; }

    /// <summary>Called after each epoch with (epoch, mean training loss).</summary>
    public Action<int, double>? OnEpoch { get; init; }
}
