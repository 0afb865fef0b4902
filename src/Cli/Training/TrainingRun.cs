using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using Onnxdl.Runtime;
using static Onnxdl.Cli.JsonNumbers;

namespace Onnxdl.Cli;

/// <summary>What a run produced; <see cref="Test"/> is set when test data was given.</summary>
internal sealed record TrainingResult(History History, IEvaluationReport? Test, bool Interrupted, double Seconds);

/// <summary>
/// One training run of <c>train</c> and <c>demo</c>: compile, fit with checkpoints every epoch (and the best
/// by val_loss), Ctrl-C → interrupt checkpoint, then model.onnx, history.csv, metrics.json and curves.png. In an mpirun
/// job every rank trains and only rank 0 writes.
/// </summary>
internal sealed class TrainingRun(TrainSettings settings, TrainOutputs outputs, TextWriter output)
{
    private readonly bool _writes = settings.Communicator is not { Rank: > 0 };

    /// <summary>Trains on data already in memory.</summary>
    public TrainingResult Run(Functional network, ArrayDataset data, ArrayDataset? test = null) =>
        Run(network, TrainingData.InMemory(data), test is null ? null : TrainingData.InMemory(test));

    /// <summary>Trains on <paramref name="data"/> (in memory or streamed) and evaluates on <paramref name="test"/> when given.</summary>
    public TrainingResult Run(Functional network, TrainingData data, TrainingData? test = null)
    {
        var resume = settings.Resume && File.Exists(outputs.LastCheckpoint);
        if (settings.Resume && !resume && _writes)
            Console.Error.WriteLine($"--resume: no checkpoint in {Path.GetDirectoryName(outputs.LastCheckpoint)} yet: starting from scratch.");
        if (_writes) System.IO.Directory.CreateDirectory(outputs.Directory);
        using var model = new Model(network);
        var loss = Loss.FromName(settings.Loss);
        model.Compile(loss, Optimizer.FromName(settings.Optimizer, settings.LearningRate), settings.Metrics,
            new CompileOptions
            {
                Device = settings.Device, AllowCpuFallback = settings.AllowCpuFallback, Seed = settings.Seed,
                BatchSize = Math.Max(1, settings.BatchSize / (settings.Communicator?.Size ?? 1) / settings.AccumulateSteps), Communicator = settings.Communicator,
            });
        if (model.Device?.FallbackReason is { } why) Console.Error.WriteLine($"warning: {why}; training on CPU.");
        if (_writes) model.Artifacts!.Save(outputs.Training);

        var log = new HistoryLog(_writes ? outputs.History : null, resume);
        var clock = Stopwatch.StartNew();
        var interrupted = Fit(model, data, log, resume);
        var seconds = clock.Elapsed.TotalSeconds;
        if (interrupted)
        {
            output.WriteLine($"Interrupted: checkpoint saved to {outputs.LastCheckpoint}; run the same command with --resume to continue.");
            return new TrainingResult(log.History, null, true, seconds);
        }
        if (_writes) Save(model, data, loss);
        var report = test?.Evaluate(model, loss);
        if (!_writes) return new TrainingResult(log.History, report, false, seconds);
        var trained = (data.Count - Runtime.FitOptions.ValidationCount(data.Count, settings.ValidationSplit)) * (double)(log.History.Epochs.Count - log.PriorEpochs);
        Graph.AtomicFile.WriteAllText(outputs.Metrics,
            Metrics(log.History, report, model.Device, seconds, trained / seconds, settings.Communicator?.Size ?? 1, data.BadFiles.Count));
        if (log.History.Epochs.Count > 0) CurvesChart.Save(log.History, outputs.Curves);
        if (log.History.StopReason is { } reason) output.WriteLine($"Stopped: {reason}.");
        output.WriteLine($"Trained {log.History.Epochs.Count} epochs in {seconds:F1}s on {model.Device?.Actual}; wrote {outputs.Model}.");
        return new TrainingResult(log.History, report, false, seconds);
    }

    /// <summary>Fits with progress and Ctrl-C handling; true when interrupted (checkpoint written).</summary>
    private bool Fit(Model model, TrainingData data, HistoryLog log, bool resume)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // keep the process alive until the checkpoint is written
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var history = ConsoleProgress.Run(ConsoleProgress.IsInteractive(output, settings.Quiet), live =>
                data.Fit(model, FitOptions(log, new ProgressCallback(new TrainingProgress(live, output, settings.BatchSize), settings.Epochs), resume, cancel.Token),
                    settings.Augmentations));
            (log.History.StopReason, log.History.AllReduce) = (history.StopReason, history.AllReduce);
            return false;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested || settings.Communicator is { Size: > 1 }) // or another rank's
        {
            return true;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private FitOptions FitOptions(HistoryLog log, ProgressCallback progress, bool resume, CancellationToken cancel)
    {
        var validating = settings.ValidationSplit > 0;
        var monitor = validating ? "val_loss" : "loss";
        // The epoch's history row is written before its checkpoint: a kill between the two leaves one row
        // too many, which resume drops, rather than a checkpoint whose row is lost.
        List<Callback> callbacks = [progress, new TerminateOnNaN(), log];
        if (settings.LearningRateSchedule is { } schedule) callbacks.Add(LearningRateSchedules.Parse(schedule));
        if (validating) callbacks.Add(new ModelCheckpoint(outputs.BestCheckpoint, saveBestOnly: true, monitor));
        if (settings.EarlyStoppingPatience is { } patience)
            callbacks.Add(new EarlyStopping(monitor, patience, restoreBestWeights: true));
        // Last, so the checkpoint holds what the callbacks above made of the epoch (best value, epochs without improvement).
        callbacks.Add(new ModelCheckpoint(outputs.LastCheckpoint));
        return new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            AccumulateSteps = settings.AccumulateSteps,
            ValidationSplit = settings.ValidationSplit,
            Seed = settings.Seed,
            Callbacks = callbacks,
            ResumeFrom = resume ? outputs.LastCheckpoint : null,
            Cancellation = cancel,
            InterruptCheckpoint = outputs.LastCheckpoint,
            CheckpointEvery = settings.CheckpointEvery,
        };
    }

    /// <summary>model.onnx; a regression's also says its loss and target columns, so <c>evaluate</c> reports it as one.</summary>
    private void Save(Model model, TrainingData data, Loss loss)
    {
        if (data.Targets is null)
        {
            model.Save(outputs.Model);
            return;
        }
        var onnx = model.ToOnnx();
        onnx.SetMetadata(Graph.Artifacts.MetadataKeys.Regression, new RegressionMetadata(loss.Name, data.TargetNames).ToJson());
        Graph.ModelSerializer.Save(onnx, outputs.Model);
    }

    /// <summary>metrics.json: {"epochs","train":{…},"validation":{…},"test":{…}?,"device","samples_per_second","seconds","world_size","skipped_files",
    /// "stop_reason"?,"allreduce"?}.</summary>
    private static string Metrics(History history, IEvaluationReport? test, DeviceChoice? device, double seconds, double samplesPerSecond, int worldSize,
        int skippedFiles)
    {
        var last = history.Epochs.Count > 0 ? history.Epochs[^1] : [];
        var json = new JsonObject
        {
            ["epochs"] = history.Epochs.Count,
            ["train"] = Section(last.Where(kv => kv.Key != "lr" && !kv.Key.StartsWith("val_", StringComparison.Ordinal))),
            ["validation"] = Section(last.Where(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal)).Select(kv => KeyValuePair.Create(kv.Key[4..], kv.Value))),
            ["device"] = device?.Actual.ToString(),
            ["samples_per_second"] = Finite(samplesPerSecond),
            ["seconds"] = Finite(seconds),
            ["world_size"] = worldSize,
            ["skipped_files"] = skippedFiles,
        };
        if (test is not null) json["test"] = test.ToJson();
        if (history.StopReason is { } reason) json["stop_reason"] = reason;
        if (history.AllReduce is { } allReduce)
            json["allreduce"] = new JsonObject
            {
                ["steps"] = allReduce.Steps, ["bytes_per_step"] = allReduce.BytesPerStep,
                ["wait_ms_per_step"] = Finite(allReduce.WaitMsPerStep), ["ms_per_step"] = Finite(allReduce.AllReduceMsPerStep),
                ["step_ms"] = Finite(allReduce.StepMsPerStep),
            };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Section(IEnumerable<KeyValuePair<string, double>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value))));
}
