namespace Onnxdl.Runtime.Tests;

/// <summary>Mid-epoch checkpoints on a schedule: where they stand, and that resuming from one repeats the uninterrupted run.</summary>
public class CheckpointScheduleTests
{
    /// <summary>Copies the scheduled checkpoint as it stood after one chosen batch, as a kill right then would leave it.</summary>
    private sealed class Snapshot(string checkpoint, string copy, int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(int e, int b, int batches, IReadOnlyDictionary<string, double> logs)
        {
            if ((e, b) == (epoch, batch)) File.Copy(checkpoint, copy);
        }
    }

    private static FitOptions Options(string checkpoint, params Callback[] callbacks) => new()
    {
        Epochs = 3, BatchSize = 1, Seed = 5, InterruptCheckpoint = checkpoint, CheckpointEvery = CheckpointSchedule.EverySteps(3), Callbacks = callbacks,
    };

    [Fact]
    public void A_checkpoint_every_three_steps_holds_the_position_within_the_epoch_and_resumes_exactly()
    {
        using var dir = new TempDir();
        using var uninterrupted = LineRegression.Model();
        // 4 samples at batch 1: steps 1–4 are epoch 0, 5–8 epoch 1; step 6 (epoch 1, batch 2) writes the checkpoint that batch 3 sees.
        var expected = LineRegression.Fit(uninterrupted, Options(dir.File("last.ckpt"), new Snapshot(dir.File("last.ckpt"), dir.File("killed.ckpt"), 1, 3)));

        var progress = Graph.Checkpoint.Load(dir.File("killed.ckpt")).Progress;
        Assert.Equal((1, 6L, 2), (progress.Epoch, progress.Step, progress.BatchInEpoch));
        Assert.Equal(2, progress.EpochSums.Length); // the loss sum and the sample count

        using var resumed = LineRegression.Model();
        var rest = LineRegression.Fit(resumed, Options(dir.File("resumed.ckpt")) with { ResumeFrom = dir.File("killed.ckpt") });

        Assert.Equal(expected["loss"].Skip(1), rest["loss"]); // epoch 1's mean includes the two batches trained before the kill
        foreach (var (name, tensor) in uninterrupted.ReadState()) Assert.Equal(tensor.Raw, resumed.ReadState()[name].Raw);
    }

    [Fact]
    public void A_schedule_without_a_file_to_write_is_refused()
    {
        using var model = LineRegression.Model();
        var e = Assert.Throws<ArgumentException>(() => LineRegression.Fit(model, new FitOptions { CheckpointEvery = CheckpointSchedule.EverySteps(10) }));
        Assert.Contains("InterruptCheckpoint", e.Message);
    }

    [Theory]
    [InlineData("500", 500, 0)]
    [InlineData("1", 1, 0)]
    [InlineData("30s", 0, 30)]
    [InlineData("5m", 0, 300)]
    [InlineData("1.5h", 0, 5400)]
    public void Steps_and_durations_parse(string text, int steps, double seconds)
    {
        var schedule = CheckpointSchedule.Parse(text);
        Assert.Equal((steps, TimeSpan.FromSeconds(seconds)), (schedule.Steps, schedule.Interval));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("0s")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("often")]
    [InlineData("")]
    public void Anything_else_is_refused_saying_what_is_expected(string text)
    {
        var e = Assert.Throws<FormatException>(() => CheckpointSchedule.Parse(text));
        Assert.Contains("a number of steps (≥ 1) or a duration", e.Message);
        Assert.Contains($"'{text}'", e.Message);
    }
}
