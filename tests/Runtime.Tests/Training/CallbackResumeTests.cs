using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

/// <summary>A checkpoint carries the run's seed and what metric-watching callbacks had seen, so a resumed run stops where an uninterrupted one does.</summary>
public class CallbackResumeTests
{
    /// <summary>minDelta far above any change: only the first epoch improves, so patience 3 stops after epoch 3 (0-based).</summary>
    private static EarlyStopping Stopper() => new("loss", patience: 3, minDelta: 1e9);

    private static FitOptions Options(int epochs, params Callback[] callbacks) => new() { Epochs = epochs, BatchSize = 2, Seed = 7, Callbacks = callbacks };

    [Fact]
    public void Early_stopping_resumed_mid_patience_stops_where_the_uninterrupted_run_stops()
    {
        using var dir = new TempDir();
        var last = dir.File("last.ckpt");
        using var uninterrupted = LineRegression.Model();
        var whole = Stopper();
        var expected = LineRegression.Fit(uninterrupted, Options(10, whole, new ModelCheckpoint(dir.File("whole.ckpt"))));

        using var first = LineRegression.Model();
        LineRegression.Fit(first, Options(2, Stopper(), new ModelCheckpoint(last)));   // interrupted after two epochs, one without improvement
        using var resumed = LineRegression.Model();
        var stopper = Stopper();
        var rest = LineRegression.Fit(resumed, Options(10, stopper, new ModelCheckpoint(last)) with { ResumeFrom = last });

        Assert.Equal(3, whole.StoppedEpoch);
        Assert.Equal(whole.StoppedEpoch, stopper.StoppedEpoch);
        Assert.Equal(expected["loss"].Skip(2), rest["loss"]);
        Assert.Equal(Checkpoint.Load(dir.File("whole.ckpt")).Progress.Callbacks, Checkpoint.Load(last).Progress.Callbacks);
    }

    [Fact]
    public void A_checkpoint_records_the_seed_of_the_run_that_wrote_it()
    {
        using var dir = new TempDir();
        using var model = LineRegression.Model();
        LineRegression.Fit(model, Options(1, new ModelCheckpoint(dir.File("last.ckpt"))));

        Assert.Equal(7, Checkpoint.Load(dir.File("last.ckpt")).Progress.Seed);
    }
}
