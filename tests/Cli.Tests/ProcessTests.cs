namespace Onnxdl.Cli.Tests;

/// <summary>The tool as a real process: help, exit codes, Ctrl-C, and the demo finding models/ next to onnxdl.dll.</summary>
public class ProcessTests
{
    [Theory]
    [InlineData("summary")]
    [InlineData("export")]
    [InlineData("artifacts")]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("demo")]
    public void Every_command_has_help_with_an_example(string command)
    {
        var result = Cli.Run(command, "--help");
        Assert.Equal(0, result.Code);
        Assert.Contains("onnxdl " + command, result.Out);
    }

    [Fact]
    public void Unknown_option_exits_with_two_and_no_stack_trace()
    {
        var result = Cli.RunProcess("summary", Cli.CnnSpec, "--no-such-option");
        Assert.Equal(2, result.Code);
        Assert.Contains("--no-such-option", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Demo_runs_the_whole_pipeline_on_a_small_subset()
    {
        using var dir = new TempDir();
        var result = Cli.RunProcess("demo", "--out", dir.Path, "--limit", "400", "--epochs", "2");

        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("test accuracy", result.Out);
        Assert.Contains("plain InferenceSession", result.Out);
        Assert.Equal(400, Directory.GetFiles(Path.Combine(dir.Path, "images"), "*.png").Length);
        PngChecks.Confusion(Path.Combine(dir.Path, "confusion.png"));
        PngChecks.Curves(Path.Combine(dir.Path, "curves.png"), panels: 2);
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.onnx")));
    }

    /// <summary>ONNXDL_ORT_CONFIG passes session entries through; a malformed one stops with its name, before any training.</summary>
    [Theory]
    [InlineData("session.intra_op.allow_spinning=0", true)]
    [InlineData("session.intra_op.allow_spinning", false)]
    public async Task Session_config_entries_come_from_the_environment(string entries, bool valid)
    {
        using var dir = new TempDir();
        var info = ChildProcess.StartInfo("train", "--model", Cli.TinySpec(dir.Path), "--data", "fashion-mnist", "--limit", "200",
            "--epochs", "1", "--out", Path.Combine(dir.Path, "run"), "--quiet");
        info.Environment["ONNXDL_ORT_CONFIG"] = entries;
        using var child = ChildProcess.Start(info);
        var code = await child.Exit();

        if (valid)
        {
            Assert.True(code == 0, child.Describe());
            Assert.True(File.Exists(Path.Combine(dir.Path, "run", "model.onnx")));
            return;
        }
        Assert.NotEqual(0, code);
        Assert.Contains("ONNXDL_ORT_CONFIG: 'session.intra_op.allow_spinning' is not key=value", child.Stderr);
        Assert.DoesNotContain("   at ", child.Stderr);
        Assert.DoesNotContain("epoch 1/1", child.Stdout);
    }

    /// <summary>
    /// SIGINT is sent once the child has printed its first epoch line, so training is under way with 999 epochs to go;
    /// wherever in epoch 2 or later the signal lands (a loaded machine may delay it by epochs), the interrupt
    /// checkpoint says where, and resuming to one epoch past it must add exactly that epoch to history.csv.
    /// </summary>
    [Fact]
    public async Task Ctrl_C_saves_a_checkpoint_that_resume_continues_from()
    {
        using var dir = new TempDir();
        var spec = Cli.TinySpec(dir.Path);
        var outDir = Path.Combine(dir.Path, "run");
        string[] train = ["train", "--model", spec, "--data", "fashion-mnist", "--limit", "3000", "--batch-size", "8", "--out", outDir, "--quiet"];
        using var child = ChildProcess.Start([.. train, "--epochs", "1000"]);
        await child.WaitForLine(line => line.StartsWith("epoch 1/1000", StringComparison.Ordinal));

        child.Signal(ChildProcess.SigInt);
        var code = await child.Exit();

        Assert.True(code == ExitCodes.Interrupted, $"expected exit code {ExitCodes.Interrupted} (interrupted); {child.Describe()}");
        Assert.Contains("--resume", child.Stdout);
        var interrupted = Graph.Checkpoint.Load(Path.Combine(outDir, "checkpoint", "last.ckpt")).Progress;
        Assert.InRange(interrupted.Epoch, 1, 998);
        var resumed = Cli.Run([.. train, "--epochs", (interrupted.Epoch + 1).ToString(), "--resume"]);
        Assert.True(resumed.Code == 0, $"resume exited with {resumed.Code}: {resumed.Err}");
        Assert.Equal(1 + interrupted.Epoch + 1, File.ReadAllLines(Path.Combine(outDir, "history.csv")).Length); // header + epochs
    }

    /// <summary>
    /// SIGKILL as soon as the child reports its second epoch: the first epoch's checkpoint was written before the second
    /// began (the progress line comes before an epoch's checkpoint, so waiting for epoch 1's line would not do), and
    /// the kill lands in the second epoch's end or in the third (an epoch of 48k samples at batch 8 lasts most of a
    /// second). Wherever it hit, the last checkpoint is whole, and resuming from it finishes with the history and the
    /// state of the uninterrupted run, byte for byte.
    /// </summary>
    [Fact]
    public async Task Kill_9_mid_epoch_leaves_a_checkpoint_from_which_the_run_finishes_as_if_uninterrupted()
    {
        using var dir = new TempDir();
        var spec = Cli.TinySpec(dir.Path);
        string[] Train(string outDir) =>
            ["train", "--model", spec, "--data", "fashion-mnist", "--batch-size", "8", "--epochs", "3",
             "--validation-split", "0.2", "--out", outDir, "--quiet", "--seed", "7"];
        var reference = Path.Combine(dir.Path, "uninterrupted");
        var uninterrupted = Cli.Run(Train(reference));
        Assert.True(uninterrupted.Code == 0, uninterrupted.Err);

        var killed = Path.Combine(dir.Path, "killed");
        var checkpoint = Path.Combine(killed, "checkpoint", "last.ckpt");
        using (var child = ChildProcess.Start(Train(killed)))
        {
            await child.WaitForLine(line => line.StartsWith("epoch 2/3", StringComparison.Ordinal));
            child.Kill(); // SIGKILL: no handler runs
            await child.Exit();
        }
        Assert.InRange(Graph.Checkpoint.Load(checkpoint).Progress.Epoch, 1, 3); // whole, wherever the kill landed
        var resumed = Cli.Run([.. Train(killed), "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Err);

        Assert.Equal(File.ReadAllText(Path.Combine(reference, "history.csv")), File.ReadAllText(Path.Combine(killed, "history.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "checkpoint", "last.ckpt")), File.ReadAllBytes(checkpoint));
    }

    /// <summary>
    /// A restart loop under preemption: SIGKILL at several moments of a run that checkpoints mid-epoch (by steps and by
    /// time), each right after a different epoch's progress line, so it lands at that epoch's end or somewhere in the
    /// next. Whatever checkpoint the kill left is whole, and the same command with --resume finishes with the model and
    /// the history of a run that was never killed (and never checkpointed mid-epoch), byte for byte.
    /// </summary>
    [Theory]
    [InlineData(1, "7")]
    [InlineData(2, "20")]
    [InlineData(3, "0.01s")]
    public async Task Kill_9_with_mid_epoch_checkpoints_resumes_to_the_uninterrupted_model(int afterEpoch, string every)
    {
        using var dir = new TempDir();
        var spec = Cli.TinySpec(dir.Path);
        string[] Train(string outDir) =>
            ["train", "--model", spec, "--data", "fashion-mnist", "--limit", "3000", "--batch-size", "8", "--epochs", "4",
             "--validation-split", "0.2", "--out", outDir, "--quiet", "--seed", "11"];
        var reference = Path.Combine(dir.Path, "uninterrupted");
        Cli.Run(Train(reference)).Succeeded();

        var killed = Path.Combine(dir.Path, "killed");
        string[] command = [.. Train(killed), "--checkpoint-every", every, "--resume"];
        using (var child = ChildProcess.Start(command))
        {
            await child.WaitForLine(line => line.StartsWith($"epoch {afterEpoch}/4", StringComparison.Ordinal));
            child.Kill(); // SIGKILL: no handler runs
            await child.Exit();
        }
        var progress = Graph.Checkpoint.Load(Path.Combine(killed, "checkpoint", "last.ckpt")).Progress; // whole, wherever the kill landed
        Assert.Equal(progress.Epoch * 300L + progress.BatchInEpoch, progress.Step); // 2400 training samples at batch 8
        if (progress.BatchInEpoch > 0 && int.TryParse(every, out var steps)) Assert.Equal(0, progress.Step % steps);
        Cli.Run(command).Succeeded();

        var where = $"killed after epoch {afterEpoch}'s line; the checkpoint held epoch {progress.Epoch}, batch {progress.BatchInEpoch}";
        Assert.True(File.ReadAllBytes(Path.Combine(reference, "model.onnx")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, "model.onnx"))),
            $"model.onnx differs from the uninterrupted run's ({where})");
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "history.csv")), File.ReadAllText(Path.Combine(killed, "history.csv")));
    }
}
