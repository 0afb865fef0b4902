using System.Diagnostics;

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
    public void EveryCommandHasHelpWithAnExample(string command)
    {
        var result = Cli.Run(command, "--help");
        Assert.Equal(0, result.Code);
        Assert.Contains("onnxdl " + command, result.Out);
    }

    [Fact]
    public void UnknownOptionExitsWithTwoAndNoStackTrace()
    {
        var result = Cli.RunProcess("summary", Cli.CnnSpec, "--no-such-option");
        Assert.Equal(2, result.Code);
        Assert.Contains("--no-such-option", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void DemoRunsTheWholePipelineOnASmallSubset()
    {
        var dir = Cli.TempDir();
        var result = Cli.RunProcess("demo", "--out", dir, "--limit", "400", "--epochs", "1");

        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("test accuracy", result.Out);
        Assert.Contains("plain InferenceSession", result.Out);
        Assert.Equal(400, Directory.GetFiles(Path.Combine(dir, "images"), "*.png").Length);
        Assert.True(Cli.IsPng(Path.Combine(dir, "confusion.png")));
        Assert.True(File.Exists(Path.Combine(dir, "model.onnx")));
    }

    /// <summary>ONNXDL_ORT_CONFIG passes session entries through; a malformed one stops with its name, before any training.</summary>
    [Theory]
    [InlineData("session.intra_op.allow_spinning=0", true)]
    [InlineData("session.intra_op.allow_spinning", false)]
    public async Task SessionConfigEntriesComeFromTheEnvironment(string entries, bool valid)
    {
        var dir = Cli.TempDir();
        var info = Cli.StartInfo("train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "200",
            "--epochs", "1", "--out", Path.Combine(dir, "run"), "--quiet");
        info.Environment["ONNXDL_ORT_CONFIG"] = entries;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        if (valid)
        {
            Assert.True(process.ExitCode == 0, stderr);
            Assert.True(File.Exists(Path.Combine(dir, "run", "model.onnx")));
            return;
        }
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ONNXDL_ORT_CONFIG: 'session.intra_op.allow_spinning' is not key=value", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("epoch 1/1", await stdout);
    }

    [Fact]
    public async Task CtrlCSavesACheckpointThatResumeContinuesFrom()
    {
        var dir = Cli.TempDir();
        var spec = Cli.TinySpec(dir);
        var outDir = Path.Combine(dir, "run");
        string[] train = ["train", "--model", spec, "--data", "fashion-mnist", "--limit", "3000", "--batch-size", "8", "--out", outDir, "--quiet"];
        using var process = Process.Start(Cli.StartInfo([.. train, "--epochs", "1000"]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.StartsWith("epoch 1/1000", process.StandardOutput.ReadLine()); // training is under way
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
        var rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));

        Assert.True(process.ExitCode == ExitCodes.Interrupted, await stderr + rest);
        Assert.Contains("--resume", rest);
        var resumed = Cli.Run([.. train, "--epochs", "2", "--resume"]);
        Assert.Equal(0, resumed.Code);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "history.csv")).Length);
    }

    /// <summary>
    /// An epoch of 48k samples at batch 8 lasts most of a second here, so a kill 80 ms after the
    /// first checkpoint appears lands inside the second epoch; the checkpoint's epoch says where it landed.
    /// </summary>
    [Fact]
    public void KillNineMidEpochLeavesACheckpointFromWhichTheRunFinishesAsIfUninterrupted()
    {
        var dir = Cli.TempDir();
        var spec = Cli.TinySpec(dir);
        string[] Train(string outDir) =>
            ["train", "--model", spec, "--data", "fashion-mnist", "--batch-size", "8", "--epochs", "3",
             "--validation-split", "0.2", "--out", outDir, "--quiet", "--seed", "7"];
        var reference = Path.Combine(dir, "uninterrupted");
        Assert.Equal(0, Cli.Run(Train(reference)).Code);

        var killed = Path.Combine(dir, "killed");
        var checkpoint = Path.Combine(killed, "checkpoint", "last.ckpt");
        using (var process = Process.Start(Cli.StartInfo(Train(killed)))!)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(checkpoint) && DateTime.UtcNow < deadline && !process.HasExited) Thread.Sleep(2);
            Thread.Sleep(80);
            Assert.False(process.HasExited, "training ended before it could be killed");
            process.Kill(); // SIGKILL: no handler runs
            process.WaitForExit();
        }
        Assert.InRange(Graph.Checkpoint.Load(checkpoint).Progress.Epoch, 1, 2); // whole, and from before the end
        Assert.Equal(0, Cli.Run([.. Train(killed), "--resume"]).Code);

        Assert.Equal(File.ReadAllText(Path.Combine(reference, "history.csv")), File.ReadAllText(Path.Combine(killed, "history.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "checkpoint", "last.ckpt")), File.ReadAllBytes(checkpoint));
    }
}
