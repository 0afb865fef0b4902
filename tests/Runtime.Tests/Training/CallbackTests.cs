using Onnxdl.Augment;

namespace Onnxdl.Runtime.Tests;

/// <summary>Callbacks on the seed's linear regression, where every step is cheap and predictable.</summary>
public class CallbackTests
{
    private static Model Regression(float lr = 0.01f) => LineRegression.Model(lr);

    private static History Fit(Model model, int epochs, params Callback[] callbacks) =>
        LineRegression.Fit(model, new FitOptions { Epochs = epochs, BatchSize = 4, Callbacks = callbacks, ValidationSplit = 0.25 });

    /// <summary>Logs a fixed sequence for the monitored metric, so the callbacks' decisions are known in advance.</summary>
    private sealed class Scripted(string metric, params double[] values) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) =>
            ((Dictionary<string, double>)logs)[metric] = values[Math.Min(epoch, values.Length - 1)];
    }

    [Fact]
    public void EarlyStopping_stops_after_patience_epochs_without_improvement()
    {
        using var model = Regression();
        var stop = new EarlyStopping("score", patience: 2, mode: MonitorMode.Max);
        var history = Fit(model, 20, new Scripted("score", 0.5, 0.7, 0.6, 0.65, 0.9), stop);
        Assert.Equal(4, history.Epochs.Count); // best at epoch 2, no improvement in epochs 3 and 4
        Assert.Equal(3, stop.StoppedEpoch);
        Assert.Contains("did not improve", history.StopReason);
    }

    [Fact]
    public void EarlyStopping_restores_the_best_weights()
    {
        using var model = Regression();
        var snapshots = new List<float[]>();
        var recorder = new Recorder(model, snapshots);
        var stop = new EarlyStopping("score", patience: 1, restoreBestWeights: true, mode: MonitorMode.Min);
        Fit(model, 10, new Scripted("score", 3, 1, 2), recorder, stop);
        Assert.Equal(snapshots[1], model.ReadState()["dense_1.kernel"].ToFloats());
        Assert.NotEqual(snapshots[2], snapshots[1]);
    }

    private sealed class Recorder(Model model, List<float[]> snapshots) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) =>
            snapshots.Add(model.ReadState()["dense_1.kernel"].ToFloats());
    }

    [Fact]
    public void StepDecay_and_cosine_set_the_learning_rate_each_epoch()
    {
        using var model = Regression();
        var history = Fit(model, 4, new StepDecay(0.5f, every: 2));
        Assert.Equal([0.01, 0.01, 0.005, 0.005], history["lr"].Select(v => Math.Round(v, 6)));
        using var cosine = Regression();
        var lrs = Fit(cosine, 3, new CosineDecay(2)).Epochs.Select(e => e["lr"]).ToArray();
        Assert.Equal(0.01, lrs[0], 6);
        Assert.Equal(0.005, lrs[1], 6);
        Assert.Equal(0.0, lrs[2], 6);
    }

    [Fact]
    public void ReduceLROnPlateau_cuts_the_rate_when_the_metric_stalls()
    {
        using var model = Regression();
        var history = Fit(model, 4, new Scripted("score", 1, 1, 1, 1), new ReduceLROnPlateau("score", factor: 0.1f, patience: 2));
        // lr is logged before callbacks run: epochs 1-3 at 0.01, the cut after epoch 3 shows in epoch 4.
        Assert.Equal([0.01, 0.01, 0.01, 0.001], history["lr"].Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void TerminateOnNaN_stops_when_a_logged_value_is_not_finite()
    {
        using var model = Regression();
        var history = Fit(model, 5, new Scripted("val_loss", 1, double.NaN), new TerminateOnNaN());
        Assert.Equal(2, history.Epochs.Count);
        Assert.Contains("NaN", history.StopReason);
    }

    [Fact]
    public void ModelCheckpoint_best_only_writes_on_improvement()
    {
        using var temp = new TempDir();
        var path = temp.File("best.ckpt");
        using var model = Regression();
        var writes = new List<DateTime>();
        Fit(model, 3, new Scripted("score", 1, 2, 0.5), new ModelCheckpoint(path, saveBestOnly: true, monitor: "score", mode: MonitorMode.Min),
            new FileWatch(path, writes));
        Assert.Equal(3, writes.Count);
        Assert.Equal(writes[1], writes[0]); // epoch 2 (score 2) did not improve: no write
        Assert.NotEqual(writes[2], writes[1]);
        Assert.Equal(3, Graph.Checkpoint.Load(path).Progress.Epoch);
    }

    private sealed class FileWatch(string path, List<DateTime> writes) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) =>
            writes.Add(File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Non_finite_loss_stops_naming_the_step()
    {
        using var model = Regression(lr: 1e20f);
        var e = Assert.Throws<TrainingDivergedException>(() => Fit(model, 50));
        Assert.Matches("at step [0-9]+ \\(epoch [0-9]+, batch 1\\)", e.Message);
    }

    [Fact]
    public void Data_that_does_not_fit_the_model_is_refused_before_the_first_step()
    {
        using var model = Regression();
        var e = Assert.Throws<ArgumentException>(() => model.Fit([1, 2, 3, 4, 5, 6], [3], [1, 2], 1, new FitOptions()));
        Assert.Contains("(3)", e.Message);
        Assert.Contains("'input' expects (2)", e.Message);
        Assert.Equal(0, model.Step);
    }

    [Fact]
    public void NaN_in_the_data_is_refused_naming_the_sample()
    {
        using var model = Regression();
        var e = Assert.Throws<DataException>(() => model.Fit([1, 2, float.NaN, 4], [2], [1, 2], 1, new FitOptions()));
        Assert.Contains("sample 1", e.Message);
    }
}
