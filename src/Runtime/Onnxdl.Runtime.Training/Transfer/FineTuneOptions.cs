namespace Onnxdl.Runtime;

/// <summary>
/// Options of <see cref="FineTuning"/>. Defaults: frozen base, 3 epochs, batch 32, Adam lr 1e-3, seed 0,
/// images scaled to [0, 1] without mean/std normalization, CPU. Callbacks and resume are those of
/// <see cref="FitOptions"/>: fine-tuning runs the same fit loop.
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

    /// <summary>The device to train on (default CPU).</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>When the requested GPU cannot be used, run on CPU (the model's device says why).</summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>Callbacks of the fit (as <see cref="FitOptions.Callbacks"/>).</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>A checkpoint to continue from (see <see cref="FitOptions.ResumeFrom"/>).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Called after each epoch with (epoch, mean training loss).</summary>
    public Action<int, double>? OnEpoch { get; init; }
}
