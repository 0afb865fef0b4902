using System.Diagnostics;
using Onnxdl.Augment;

namespace Onnxdl.Runtime;

/// <summary>
/// One call of <see cref="Model.Fit(Onnxdl.Augment.IBatchSource, FitOptions)"/>: epochs of train steps, validation, callbacks, resume and the
/// non-finite-loss stop. Step numbers are global (1-based across epochs and resumes) and feed both the
/// optimizer (Adam's bias correction) and the dropout noise, so a resumed run repeats exactly.
/// </summary>
internal sealed class FitLoop(Model model, TrainingEngine engine, IBatchSource train, IBatchSource? validation, FitOptions options)
{
    private readonly TrainingControl _control = new(model);
    private readonly Stopwatch _sinceCheckpoint = Stopwatch.StartNew();
    private int _resumeBatch;
    private double[] _resumeSums = [];

    private readonly ICommunicator? _communicator = model.Communicator;
    private SplitStep? _split;
    private bool _stopRequested;

    public History Run()
    {
        options.Validate();
        if (_communicator is { Size: > 1 } world && options.BatchSize % world.Size != 0)
            throw new ArgumentException($"The batch size is the global batch of all {world.Size} processes and must be divisible by their number; received {options.BatchSize}.");
        BatchFeeder.CheckFits(train, model.Network, "Training data");
        if (validation is not null) BatchFeeder.CheckFits(validation, model.Network, "Validation data");
        if (options.ResumeFrom is { } path && model.WritesFiles && File.Exists(path))
        {
            var resumed = model.LoadCheckpoint(path);
            (_resumeBatch, _resumeSums) = (resumed.BatchInEpoch, resumed.EpochSums);
        }
        if (_communicator is { Size: > 1 })
            (_resumeBatch, _resumeSums) = StateBroadcast.FromRoot(model, _communicator, _resumeBatch, _resumeSums, engine.Train.ScalarNames.Count + 1);
        if (options.AccumulateSteps > 1 || _communicator is not null)
            _split = engine.Split(model.Artifacts!.GradStep, model.Artifacts.ApplyStep);

        var history = new History();
        var progress = options.Callbacks.OfType<ProgressCallback>().FirstOrDefault();
        progress?.SetBatchesPerEpoch(BatchesPerEpoch);
        foreach (var c in options.Callbacks) c.OnTrainBegin(_control);
        for (var epoch = model.Epoch; epoch < options.Epochs && !_control.StopTraining; epoch++)
        {
            foreach (var c in options.Callbacks) c.OnEpochBegin(epoch, _control);
            var logs = TrainEpoch(epoch);
            if (validation is not null)
                foreach (var (k, v) in model.Evaluate(validation, options.BatchSize)) logs["val_" + k] = v;
            logs["lr"] = model.LearningRate;
            model.Advance(epoch + 1, model.Step);
            history.Epochs.Add(logs);
            foreach (var c in options.Callbacks) c.OnEpochEnd(epoch, logs, _control);
        }
        foreach (var c in options.Callbacks) c.OnTrainEnd(_control);
        history.StopReason = _control.StopReason;
        if (_communicator is not null) history.AllReduce = _split!.Stats;
        return history;
    }

    private int BatchesPerEpoch => (train.Count + options.BatchSize - 1) / options.BatchSize;

    private Dictionary<string, double> TrainEpoch(int epoch)
    {
        var step = engine.Train;
        var sums = new EpochAccumulator(step.ScalarNames);
        var skip = _resumeBatch;
        if (skip > 0) sums.Restore(_resumeSums);
        _resumeBatch = 0;
        var batchLogs = new Dictionary<string, double>(step.ScalarNames.Count);
        var index = skip;
        foreach (var batch in train.Epoch(epoch, options.BatchSize, options.Shuffle, options.Seed, skip))
            using (batch)
            {
                index++;
                var stepNumber = model.Step + 1;
                var scalars = RunStep(batch, stepNumber);
                if (!float.IsFinite(scalars[0]))
                    throw new TrainingDivergedException(
                        $"The loss became {scalars[0]} at step {stepNumber} (epoch {epoch + 1}, batch {index}); training stopped. " +
                        "The last checkpoint written before this step is intact. Try a lower learning rate or check the data for NaN.");
                model.Advance(epoch, stepNumber);
                sums.Add(scalars, batch.Count);
                if (_stopRequested)
                {
                    SaveMidEpoch(index, sums);
                    throw new OperationCanceledException($"Training interrupted at step {stepNumber} (epoch {epoch + 1}, batch {index}).");
                }
                if (options.CheckpointEvery?.IsDue(stepNumber, _sinceCheckpoint.Elapsed) == true) SaveMidEpoch(index, sums);
                if (options.Callbacks.Count == 0) continue;
                sums.WriteMeans(batchLogs);
                for (var c = 0; c < options.Callbacks.Count; c++) options.Callbacks[c].OnBatchEnd(epoch, index, BatchesPerEpoch, batchLogs);
            }
        return sums.Means();
    }

    /// <summary>One optimizer step on <paramref name="batch"/> (the global batch): fused train_step, or grad_step → all-reduce → apply_step.</summary>
    private float[] RunStep(Batch batch, long stepNumber)
    {
        if (_split is not null)
        {
            _split.Run(batch, options.AccumulateSteps, _communicator, model.LearningRate, stepNumber, options.Seed, options.Cancellation.IsCancellationRequested);
            _stopRequested = _split.StopRequested; // every rank stops after the same step, or the others would wait in the next all-reduce
            return _split.Scalars;
        }
        var step = engine.Train;
        BatchFeeder.Fill(step.Prepare(batch.Count), batch);
        step.Run(model.LearningRate, stepNumber, options.Seed);
        _stopRequested = options.Cancellation.IsCancellationRequested;
        return step.Scalars;
    }

    /// <summary>Writes the mid-epoch checkpoint (if the options name one): state, step, and the epoch's batch and running sums so far.</summary>
    private void SaveMidEpoch(int batchInEpoch, EpochAccumulator sums)
    {
        if (options.InterruptCheckpoint is not { } path) return;
        model.SaveCheckpoint(path, batchInEpoch, sums.Snapshot());
        _sinceCheckpoint.Restart();
    }
}
