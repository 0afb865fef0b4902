using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>What a run produced; <see cref="Test"/> is set when test data was given.</summary>
internal sealed record TrainingResult(History History, ClassificationReport? Test, bool Interrupted, double Seconds);

/// <summary>
/// One training run of <c>train</c> and <c>demo</c>: compile, fit with checkpoints every epoch (and the best
/// by val_loss), Ctrl-C → interrupt checkpoint, then model.onnx, history.csv, metrics.json and curves.png.
/// </summary>
internal sealed class TrainingRun(TrainSettings settings, TrainOutputs outputs, TextWriter output)
{
    public TrainingResult Run(Functional network, ArrayDataset data, ArrayDataset? test = null)
    {
        var resume = settings.Resume && File.Exists(outputs.LastCheckpoint);
        if (settings.Resume && !resume)
            Console.Error.WriteLine($"--resume: no checkpoint in {Path.GetDirectoryName(outputs.LastCheckpoint)} yet: starting from scratch.");
        System.IO.Directory.CreateDirectory(outputs.Directory);
        using var model = new Model(network);
        model.Compile(Loss.FromName(settings.Loss), Optimizer.FromName(settings.Optimizer, settings.LearningRate), settings.Metrics,
            new CompileOptions { Device = settings.Device, AllowCpuFallback = settings.AllowCpuFallback, Seed = settings.Seed, BatchSize = settings.BatchSize });
        if (model.Device?.FallbackReason is { } why) Console.Error.WriteLine($"warning: {why}; training on CPU.");
        model.Artifacts!.Save(outputs.Training);

        var log = new HistoryLog(outputs.History, resume);
        var clock = Stopwatch.StartNew();
        var interrupted = Fit(model, data, log, resume);
        var seconds = clock.Elapsed.TotalSeconds;
        if (interrupted)
        {
            output.WriteLine($"Interrupted: checkpoint saved to {outputs.LastCheckpoint}; run the same command with --resume to continue.");
            return new TrainingResult(log.History, null, true, seconds);
        }
        model.Save(outputs.Model);
        var report = test is null ? null : Evaluate(model, test);
        var trained = (data.Count - Runtime.FitOptions.ValidationCount(data.Count, settings.ValidationSplit)) * (double)(log.History.Epochs.Count - log.PriorEpochs);
        Graph.AtomicFile.WriteAllText(outputs.Metrics, Metrics(log.History, report, model.Device, seconds, trained / seconds));
        if (log.History.Epochs.Count > 0) CurvesChart.Save(log.History, outputs.Curves);
        if (log.History.StopReason is { } reason) output.WriteLine($"Stopped: {reason}.");
        output.WriteLine($"Trained {log.History.Epochs.Count} epochs in {seconds:F1}s on {model.Device?.Actual}; wrote {outputs.Model}.");
        return new TrainingResult(log.History, report, false, seconds);
    }

    /// <summary>Fits with progress and Ctrl-C handling; true when interrupted (checkpoint written).</summary>
    private bool Fit(Model model, ArrayDataset data, HistoryLog log, bool resume)
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
                model.Fit(data, FitOptions(log, new ProgressCallback(new TrainingProgress(live, output, settings.BatchSize), settings.Epochs), resume, cancel.Token),
                    settings.Augmentations));
            log.History.StopReason = history.StopReason;
            return false;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
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
        List<Callback> callbacks = [progress, new TerminateOnNaN(), log, new ModelCheckpoint(outputs.LastCheckpoint)];
        if (validating) callbacks.Add(new ModelCheckpoint(outputs.BestCheckpoint, saveBestOnly: true, monitor));
        if (settings.EarlyStoppingPatience is { } patience)
            callbacks.Add(new EarlyStopping(monitor, patience, restoreBestWeights: true));
        return new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            ValidationSplit = settings.ValidationSplit,
            Seed = settings.Seed,
            Callbacks = callbacks,
            ResumeFrom = resume ? outputs.LastCheckpoint : null,
            Cancellation = cancel,
            InterruptCheckpoint = outputs.LastCheckpoint,
            CheckpointEvery = settings.CheckpointEvery,
        };
    }

    private static ClassificationReport Evaluate(Model model, ArrayDataset test)
    {
        var report = new ClassificationReport(test.ClassNames);
        model.Evaluate(BatchSource.FromArrays(test), 256, (batch, predictions) => report.AddBatch(batch.LabelSpan, predictions));
        return report;
    }

    /// <summary>metrics.json: {"epochs","train":{…},"validation":{…},"test":{…}?,"device","samples_per_second","seconds","stop_reason"?}.</summary>
    private static string Metrics(History history, ClassificationReport? test, DeviceChoice? device, double seconds, double samplesPerSecond)
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
        };
        if (test is not null) json["test"] = new JsonObject { ["loss"] = Finite(test.Loss), ["accuracy"] = Finite(test.Accuracy), ["samples"] = test.Count };
        if (history.StopReason is { } reason) json["stop_reason"] = reason;
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Section(IEnumerable<KeyValuePair<string, double>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value))));

    /// <summary>JSON has no NaN: a non-finite value is written as null.</summary>
    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
