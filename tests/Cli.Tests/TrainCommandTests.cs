using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli.Tests;

/// <summary>train: files written, resume, usage errors, divergence.</summary>
public class TrainCommandTests
{
    private static string[] Train(string spec, string outDir, params string[] extra) =>
        ["train", "--model", spec, "--data", "fashion-mnist", "--limit", "2000", "--out", outDir, "--quiet", .. extra];

    [Fact]
    public void Training_writes_model_history_metrics_curves_and_checkpoints()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "run");

        var result = Cli.Run(Train(Cli.TinySpec(dir), outDir, "--epochs", "2", "--validation-split", "0.25"));

        Assert.Equal(0, result.Code);
        Assert.Equal(2, result.Out.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
        using (var session = new InferenceSession(Path.Combine(outDir, "model.onnx")))
        {
            var labels = JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap[MetadataKeys.Labels]);
            Assert.Equal(FashionMnist.ClassNames, labels);
            Assert.True(session.ModelMetadata.CustomMetadataMap.ContainsKey(MetadataKeys.Preprocessing));
        }
        var history = File.ReadAllLines(Path.Combine(outDir, "history.csv"));
        Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,lr", history[0]);
        Assert.Equal(3, history.Length);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal(Column(history, 2, "loss"), root.GetProperty("train").GetProperty("loss").GetDouble(), 12);
        Assert.Equal(Column(history, 2, "val_accuracy"), root.GetProperty("validation").GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.True(root.GetProperty("samples_per_second").GetDouble() > 0);
        Assert.True(Cli.IsPng(Path.Combine(outDir, "curves.png")));
        foreach (var file in new[] { "training/train_step.onnx", "training/eval_step.onnx", "checkpoint/last.ckpt", "checkpoint/best.ckpt" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
    }

    [Fact]
    public void Resume_continues_exactly_where_the_checkpoint_left_off()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var spec = Cli.TinySpec(dir);
        var straight = Path.Combine(dir, "straight");
        var resumed = Path.Combine(dir, "resumed");

        Assert.Equal(0, Cli.Run(Train(spec, straight, "--epochs", "2")).Code);
        Assert.Equal(0, Cli.Run(Train(spec, resumed, "--epochs", "1")).Code);
        var second = Cli.Run(Train(spec, resumed, "--epochs", "2", "--resume"));

        Assert.Equal(0, second.Code);
        Assert.Single(second.Out.Split('\n'), l => l.StartsWith("epoch ", StringComparison.Ordinal));
        var expected = File.ReadAllLines(Path.Combine(straight, "history.csv"));
        var actual = File.ReadAllLines(Path.Combine(resumed, "history.csv"));
        Assert.Equal(3, actual.Length);
        Assert.Equal(expected, actual);
    }

    /// <summary>A kill after an epoch's history row but before its checkpoint: resume drops the row and trains that epoch again.</summary>
    [Fact]
    public void Resume_drops_history_rows_beyond_the_checkpoint()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var spec = Cli.TinySpec(dir);
        var straight = Path.Combine(dir, "straight");
        var oneEpoch = Path.Combine(dir, "one");
        var resumed = Path.Combine(dir, "resumed");
        Assert.Equal(0, Cli.Run(Train(spec, straight, "--epochs", "2")).Code);
        Assert.Equal(0, Cli.Run(Train(spec, oneEpoch, "--epochs", "1")).Code);
        Assert.Equal(0, Cli.Run(Train(spec, resumed, "--epochs", "2")).Code);
        File.Copy(Path.Combine(oneEpoch, "checkpoint", "last.ckpt"), Path.Combine(resumed, "checkpoint", "last.ckpt"), overwrite: true);

        Assert.Equal(0, Cli.Run(Train(spec, resumed, "--epochs", "2", "--resume")).Code);

        Assert.Equal(File.ReadAllLines(Path.Combine(straight, "history.csv")), File.ReadAllLines(Path.Combine(resumed, "history.csv")));
    }

    /// <summary>Keras BackupAndRestore: a restart loop passes --resume from the first start on; with nothing to resume it trains as without it.</summary>
    [Fact]
    public void Resume_without_a_checkpoint_yet_starts_from_scratch_and_says_so()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var spec = Cli.TinySpec(dir);
        var plain = Path.Combine(dir, "plain");
        Cli.Run(Train(spec, plain)).Succeeded();
        var fresh = Path.Combine(dir, "fresh");

        var result = Cli.RunProcess(Train(spec, fresh, "--resume"));

        Assert.True(result.Code == 0, result.Err);
        Assert.Contains($"--resume: no checkpoint in {Path.Combine(fresh, "checkpoint")} yet: starting from scratch.\n", result.Err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain, "model.onnx")), File.ReadAllBytes(Path.Combine(fresh, "model.onnx")));
        Assert.Equal(File.ReadAllText(Path.Combine(plain, "history.csv")), File.ReadAllText(Path.Combine(fresh, "history.csv")));
    }

    [Fact]
    public void Resume_refuses_a_damaged_checkpoint_and_leaves_it_alone()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var checkpoint = Path.Combine(dir, "run", "checkpoint", "last.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        File.WriteAllText(checkpoint, "not a checkpoint");

        var result = Cli.Run(Train(Cli.TinySpec(dir), Path.Combine(dir, "run"), "--resume"));

        Assert.Equal(2, result.Code);
        Assert.Contains($"Checkpoint '{checkpoint}' is not an onnxdl checkpoint", result.Err);
        Assert.Equal("not a checkpoint", File.ReadAllText(checkpoint));
        Assert.False(File.Exists(Path.Combine(dir, "run", "model.onnx")));
    }

    /// <summary>
    /// One NaN in 64 rows of a CSV makes the loss NaN at a seed-fixed step of the first epoch; the run stops there,
    /// and the checkpoint it leaves is the one written after the last multiple of 3 steps before it: mid-epoch, with
    /// that batch's position and the epoch's running sums.
    /// </summary>
    [Fact]
    public void Checkpoint_every_n_steps_leaves_the_last_multiple_of_n_mid_epoch()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var spec = Path.Combine(dir, "pair.json");
        File.WriteAllText(spec, """{"name":"pair","input":[2],"layers":[{"type":"Dense","units":2,"activation":"softmax"}]}""");
        var csv = Path.Combine(dir, "pairs.csv");
        File.WriteAllLines(csv, ["a,b,label", .. Enumerable.Range(0, 64).Select(i => $"{(i == 40 ? "NaN" : i % 7)},{i % 5},{(i % 2 == 0 ? "even" : "odd")}")]);
        var outDir = Path.Combine(dir, "run");

        var result = Cli.Run("train", "--model", spec, "--data", $"csv:{csv}:label", "--batch-size", "4", "--epochs", "1",
            "--out", outDir, "--quiet", "--seed", "3", "--checkpoint-every", "3");

        Assert.Equal(1, result.Code);
        var failedAt = int.Parse(System.Text.RegularExpressions.Regex.Match(result.Err, @"loss became NaN at step (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(failedAt, 4, 16); // seed 3 puts the NaN row past the first checkpoint, in one of the epoch's 16 batches
        var progress = Graph.Checkpoint.Load(Path.Combine(outDir, "checkpoint", "last.ckpt")).Progress;
        var written = (failedAt - 1) / 3 * 3;
        Assert.Equal((0, (long)written, written), (progress.Epoch, progress.Step, progress.BatchInEpoch));
        Assert.Equal(4 * written, progress.EpochSums[^1]); // samples trained so far in the epoch
    }

    /// <summary>history.csv's lr column follows each schedule's definition from the initial rate, epoch by epoch.</summary>
    [Theory]
    [InlineData("step:2:0.5", new[] { 0.1, 0.1, 0.05, 0.05 })]                              // 0.1 · 0.5^⌊e/2⌋
    [InlineData("cosine:2", new[] { 0.1, 0.05, 0.0, 0.0 })]                                 // 0.1 · ½(1 + cos(π·min(e, 2)/2))
    public void A_learning_rate_schedule_sets_each_epochs_rate(string schedule, double[] expected)
    {
        using var temp = new TempDir();
        var spec = temp.File("pair.json");
        File.WriteAllText(spec, """{"name":"pair","input":[2],"layers":[{"type":"Dense","units":1}]}""");
        var csv = temp.File("xy.csv");
        File.WriteAllLines(csv, ["a,b,y", .. Enumerable.Range(0, 16).Select(i => $"{i % 4},{i % 3},{i % 4 + i % 3}")]);
        var outDir = temp.File("run");

        Cli.Run("train", "--model", spec, "--data", $"csv:{csv}:y", "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1",
            "--lr-schedule", schedule, "--epochs", "4", "--batch-size", "8", "--out", outDir, "--quiet").Succeeded();

        var lines = File.ReadAllLines(Path.Combine(outDir, "history.csv"));
        var lr = Array.IndexOf(lines[0].Split(','), "lr");
        var rates = lines[1..].Select(l => double.Parse(l.Split(',')[lr], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, rates.Length);
        Assert.All(expected.Zip(rates), pair => Assert.Equal(pair.First, pair.Second, 6));
    }

    [Theory]
    [InlineData("--device", "gpu", "gpu")]
    [InlineData("--data", "mnist-ish", "fashion-mnist[:train|test], idx:DIR")]
    [InlineData("--data", "folder:/nonexistent/images", "/nonexistent/images")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--validation-split", "1.5", "--validation-split")]
    [InlineData("--optimizer", "adamax", "adamax")]
    [InlineData("--augment", "wobble", "wobble")]
    [InlineData("--checkpoint-every", "0", "--checkpoint-every: expected a number of steps (≥ 1) or a duration")]
    [InlineData("--checkpoint-every", "often", "received 'often'")]
    [InlineData("--lr-schedule", "linear:5", "--lr-schedule 'linear:5': expected cosine:EPOCHS or step:EVERY:FACTOR")]
    [InlineData("--lr-schedule", "step:2:1.5", "0 < FACTOR < 1")]
    [InlineData("--lr-schedule", "cosine:0", "--lr-schedule 'cosine:0'")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    public void Bad_arguments_are_usage_errors_naming_the_value(string option, string value, string named)
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        string[] args = ["train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "100", "--out", Path.Combine(dir, "x")];
        var replaced = Array.IndexOf(args, option) is var at and >= 0 ? args.Select((a, i) => i == at + 1 ? value : a).ToArray() : [.. args, option, value];

        var result = Cli.Run(replaced);

        Assert.Equal(2, result.Code);
        Assert.Contains(named, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Missing_and_malformed_specs_are_usage_errors()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var malformed = Path.Combine(dir, "malformed.json");
        File.WriteAllText(malformed, """{"name":"m","input":[28,28,1],"layers":[{"type":"Dense","units":-3}]}""");

        var missing = Cli.Run("train", "--model", Path.Combine(dir, "none.json"), "--data", "fashion-mnist", "--out", dir);
        var bad = Cli.Run("train", "--model", malformed, "--data", "fashion-mnist", "--out", dir);

        Assert.Equal(2, missing.Code);
        Assert.Contains("none.json", missing.Err);
        Assert.Equal(2, bad.Code);
        Assert.Contains("layers[0]", bad.Err);
    }

    [Fact]
    public void Diverging_loss_stops_with_exit_code_one()
    {
        using var temp = new TempDir();
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "run");

        var result = Cli.Run(Train(Cli.TinySpec(dir, "linear"), outDir, "--epochs", "1", "--loss", "mse", "--optimizer", "sgd", "--lr", "1e30"));

        Assert.Equal(1, result.Code);
        Assert.Contains("loss became", result.Err);
        Assert.False(File.Exists(Path.Combine(outDir, "model.onnx")));
    }

    private static double Column(string[] csv, int row, string name) =>
        double.Parse(csv[row].Split(',')[Array.IndexOf(csv[0].Split(','), name)], CultureInfo.InvariantCulture);
}
