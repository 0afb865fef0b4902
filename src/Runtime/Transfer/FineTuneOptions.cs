namespace Onnxdl.Runtime;

/// <summary>
/// Options of <see cref="FineTuning"/>. Defaults: frozen base, 3 epochs, batch 32, Adam lr 1e-3, seed 0,
/// images scaled to [0, 1] without mean/std normalization, CPU. Callbacks and resume are those of
/// <see cref="FitOptions"/>: fine-tuning runs the same fit loop.
/// </summary>
public sealed record FineTuneOptions
{
    public bool FreezeBase { get; init; } = true;
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 1e-3f;
    public int Seed { get; init; }
    public float[]? Mean { get; init; }
    public float[]? Std { get; init; }

    public Device Device { get; init; } = Device.Cpu;

    /// <summary>When the requested GPU cannot be used, run on CPU (the model's device says why).</summary>
    public bool AllowCpuFallback { get; init; }

    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>A checkpoint to continue from (see <see cref="FitOptions.ResumeFrom"/>).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Called after each epoch with (epoch, mean training loss).</summary>
    public Action<int, double>? OnEpoch { get; init; }
}
