using System.CommandLine;
using Onnxdl.Augment;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Cli;

/// <summary>The training options of <c>onnxdl train</c> (some shared with <c>artifacts</c>) and their reading into <see cref="TrainSettings"/>.</summary>
internal sealed class TrainOptions
{
    private static readonly TrainSettings Defaults = new();

    public Option<int?> Epochs { get; } = OptionFactory.Positive("--epochs", "Epochs to train (total, counting resumed ones).", Defaults.Epochs);
    public Option<int?> BatchSize { get; } = OptionFactory.Positive("--batch-size", "Samples per step (under mpirun: over all processes).", Defaults.BatchSize);
    public Option<string> Optimizer { get; } = new("--optimizer")
        { Description = $"Optimizer: {string.Join(", ", Graph.Optimizers.Optimizer.Names)}.", DefaultValueFactory = _ => Defaults.Optimizer };
    public Option<double?> LearningRate { get; } = TrainOptions.LearningRateOption();
    public Option<string> Loss { get; } = new("--loss")
        { Description = $"Loss: {string.Join(", ", Graph.Losses.Loss.Names)}.", DefaultValueFactory = _ => Defaults.Loss };
    public Option<string> Metrics { get; } = TrainOptions.MetricsOption();
    public Option<double?> ValidationSplit { get; } = ValidationSplitOption();
    public Option<string> Augment { get; } = new("--augment")
        { Description = $"Augmentations, e.g. flip,rotate:10,noise:0.05. Names: {string.Join(", ", AugmentationParser.Names)}." };
    public Option<int?> EarlyStopping { get; } = OptionFactory.Positive("--early-stopping",
        "Stop when val_loss (loss without validation) has not improved for PATIENCE epochs; the best weights are kept.");
    public Option<string> LearningRateSchedule { get; } = new("--lr-schedule")
        { HelpName = "SCHEDULE", Description = $"Change the learning rate by epoch: {LearningRateSchedules.Forms} (default: constant)." };
    public Option<string> Device { get; } = OptionFactory.Device();
    public Option<bool> AllowCpuFallback { get; } = new("--allow-cpu-fallback") { Description = "Train on CPU when the GPU cannot start." };
    public Option<int> Seed { get; } = OptionFactory.Seed();
    public Option<bool> Resume { get; } = new("--resume")
        { Description = "Continue from OUT/checkpoint/last.ckpt; without one yet, start from scratch (so a restart loop can always pass it)." };
    public Option<string> CheckpointEvery { get; } = CheckpointEveryOption();
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "One line per epoch instead of progress bars." };
    public Option<int?> AccumulateSteps { get; } = OptionFactory.Positive("--accumulate-steps",
        "Split each batch into K micro-batches and sum their gradients before one update (same result, less memory).", Defaults.AccumulateSteps);

    public IEnumerable<Option> All => [Epochs, BatchSize, Optimizer, LearningRate, Loss, Metrics, ValidationSplit, Augment,
        EarlyStopping, LearningRateSchedule, Device, AllowCpuFallback, Seed, Resume, CheckpointEvery, Quiet, AccumulateSteps];

    public static Option<double?> LearningRateOption() =>
        OptionFactory.Number("--lr", "Learning rate (default: the optimizer's Keras default).", v => v > 0, "> 0");

    public static Option<double?> ValidationSplitOption() => OptionFactory.Number("--validation-split",
        "Fraction of the data (taken from its end) held out for validation.", v => v is >= 0 and < 1, "in [0, 1)");

    private static Option<string> CheckpointEveryOption()
    {
        var option = new Option<string>("--checkpoint-every")
        {
            HelpName = "STEPS|DURATION",
            Description = "Also write OUT/checkpoint/last.ckpt mid-epoch, every STEPS optimizer steps (e.g. 500) or every " +
                "DURATION of training (e.g. 30s, 5m, 1h), so a killed run loses at most that much.",
        };
        option.Validators.Add(r =>
        {
            try
            {
                Runtime.CheckpointSchedule.Parse(r.GetValueOrDefault<string>()!);
            }
            catch (FormatException e)
            {
                r.AddError($"--checkpoint-every: {e.Message}");
            }
        });
        return option;
    }

    public static Option<string> MetricsOption() => new("--metrics") { Description = "Comma-separated metrics, e.g. accuracy.", DefaultValueFactory = _ => "accuracy" };

    public static string[] MetricNames(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads and checks every value before any data is loaded, so bad names fail fast as usage errors.</summary>
    public TrainSettings Read(ParseResult parse)
    {
        var settings = new TrainSettings
        {
            Epochs = parse.GetValue(Epochs)!.Value,
            BatchSize = parse.GetValue(BatchSize)!.Value,
            Optimizer = parse.GetValue(Optimizer)!,
            LearningRate = (float?)parse.GetValue(LearningRate),
            Loss = parse.GetValue(Loss)!,
            Metrics = MetricNames(parse.GetValue(Metrics)),
            ValidationSplit = parse.GetValue(ValidationSplit) ?? 0,
            Augmentations = AugmentationParser.Parse(parse.GetValue(Augment) ?? ""),
            EarlyStoppingPatience = parse.GetValue(EarlyStopping),
            LearningRateSchedule = parse.GetValue(LearningRateSchedule),
            Device = Runtime.Device.Parse(parse.GetValue(Device)!),
            AllowCpuFallback = parse.GetValue(AllowCpuFallback),
            Seed = parse.GetValue(Seed),
            Resume = parse.GetValue(Resume),
            CheckpointEvery = parse.GetValue(CheckpointEvery) is { } every ? Runtime.CheckpointSchedule.Parse(every) : null,
            Quiet = parse.GetValue(Quiet),
            AccumulateSteps = parse.GetValue(AccumulateSteps)!.Value,
        };
        if (settings.AccumulateSteps > settings.BatchSize)
            throw new UsageException($"--accumulate-steps {settings.AccumulateSteps} splits a batch of {settings.BatchSize} into more micro-batches than samples; use at most {settings.BatchSize}.");
        Graph.Losses.Loss.FromName(settings.Loss);
        if (settings.LearningRateSchedule is { } schedule) LearningRateSchedules.Parse(schedule);
        Graph.Optimizers.Optimizer.FromName(settings.Optimizer, settings.LearningRate);
        return settings;
    }

    /// <summary>
    /// <paramref name="settings"/> for <paramref name="data"/>: accuracy means nothing for real-valued targets, so a
    /// regression reports MAE unless --metrics was given.
    /// </summary>
    public TrainSettings For(TrainingData data, TrainSettings settings, ParseResult parse) =>
        data.Targets is not null && parse.GetResult(Metrics) is null or { Implicit: true } ? settings with { Metrics = ["mae"] } : settings;
}
