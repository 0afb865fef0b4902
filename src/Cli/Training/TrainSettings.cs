using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>Everything <c>onnxdl train</c> (and the demo) decides about a run. Defaults are the command's defaults.</summary>
internal sealed record TrainSettings
{
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 32;
    public string Optimizer { get; init; } = "adam";
    /// <summary>Null: the optimizer's Keras default.</summary>
    public float? LearningRate { get; init; }
    public string Loss { get; init; } = "categorical_crossentropy";
    public IReadOnlyList<string> Metrics { get; init; } = ["accuracy"];
    public double ValidationSplit { get; init; }
    public IReadOnlyList<IAugmentation> Augmentations { get; init; } = [];
    /// <summary>Patience of early stopping on val_loss (loss without validation); null = off.</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>The <c>--lr-schedule</c> text (<see cref="LearningRateSchedules"/>); null: a constant learning rate.</summary>
    public string? LearningRateSchedule { get; init; }
    public Device Device { get; init; } = Device.Cpu;
    public bool AllowCpuFallback { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Continue from the last checkpoint, or start from scratch when there is none yet.</summary>
    public bool Resume { get; init; }
    /// <summary>When to write the last checkpoint mid-epoch too; null: only at epoch ends and Ctrl-C.</summary>
    public CheckpointSchedule? CheckpointEvery { get; init; }
    /// <summary>One line per epoch instead of live progress bars.</summary>
    public bool Quiet { get; init; }
    /// <summary>Micro-batches per step whose gradients are summed before one update (1: off).</summary>
    public int AccumulateSteps { get; init; } = 1;
    /// <summary>The processes of an mpirun job (data-parallel; only rank 0 writes), or null: this process alone.</summary>
    public ICommunicator? Communicator { get; init; }
}
