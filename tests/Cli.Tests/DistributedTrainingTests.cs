using System.Diagnostics;
using System.Globalization;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// <c>mpirun -np 2 onnxdl train</c> against one process on the same data: same losses step by step, same parameters, checkpoints
/// that resume across world sizes, and a job that ends (non-zero) when a rank dies or fails. The reference is the single-process
/// fused train step, itself checked against finite differences and an independent ONNX consumer elsewhere.
/// </summary>
public class DistributedTrainingTests
{
    private const double Tolerance = 1e-4;

    private static string Spec(string dir)
    {
        var path = Path.Combine(dir, "mlp.json");
        File.WriteAllText(path, """
            {"name":"mlp","input":[28,28,1],"layers":[{"type":"Flatten"},{"type":"Dense","units":16,"activation":"relu"},{"type":"Dense","units":10,"activation":"softmax"}]}
            """);
        return path;
    }

    private static string[] Train(string dir, string outDir, params string[] extra) =>
        ["train", "--model", Spec(dir), "--data", "fashion-mnist", "--out", outDir, "--quiet", .. extra]; // --batch-size: 32, the default

    private static string[] Mpirun(string[] args) =>
        ["--allow-run-as-root", "--oversubscribe", "-np", "2", "dotnet", Path.Combine(AppContext.BaseDirectory, "onnxdl.dll"), .. args];

    private static Cli.Result RunTwoRanks(string dir, string[] args)
    {
        var result = ChildProcess.Run(dir, "mpirun", Mpirun(args));
        Assert.True(result.Code == 0, $"mpirun failed with {result.Code}: {result.Err}\n{result.Out}");
        return result;
    }

    private static double[] Losses(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, "history.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];

    private static void AssertSameParameters(string expectedDir, string actualDir)
    {
        var expected = ModelSerializer.Load(Path.Combine(expectedDir, "model.onnx")).Graph.Initializers.ToDictionary(t => t.Name);
        var actual = ModelSerializer.Load(Path.Combine(actualDir, "model.onnx")).Graph.Initializers;
        Assert.Equal(expected.Keys.Order(), actual.Select(t => t.Name).Order());
        foreach (var t in actual)
        {
            var (e, a) = (expected[t.Name].ToFloats(), t.ToFloats());
            for (var i = 0; i < e.Length; i++)
                Assert.True(Math.Abs(e[i] - a[i]) <= Tolerance * Math.Max(1, Math.Abs(e[i])), $"{t.Name}[{i}]: one process {e[i]}, two ranks {a[i]}");
        }
    }

    [Fact]
    public void Without_mpirun_training_never_loads_libmpi()
    {
        using var temp = new TempDir();
        var result = Cli.Run(Train(temp.Path, temp.File("alone"), "--limit", "64", "--epochs", "1"));
        result.Succeeded();
        Assert.DoesNotContain("libmpi", File.ReadAllText("/proc/self/maps"));
        Assert.Contains("\"world_size\": 1", File.ReadAllText(Path.Combine(temp.File("alone"), "metrics.json")));
    }

    [MpiFact]
    public void Two_ranks_match_one_process_step_by_step_with_sgd() => MatchStepByStep("sgd");

    [MpiFact]
    public void Two_ranks_match_one_process_step_by_step_with_adam() => MatchStepByStep("adam");

    /// <summary>32 samples and batch 32: each epoch is one step, so history.csv holds the loss of each of the 50 steps.</summary>
    private static void MatchStepByStep(string optimizer)
    {
        using var temp = new TempDir();
        string[] options = ["--limit", "32", "--epochs", "50", "--optimizer", optimizer];
        Cli.Run(Train(temp.Path, temp.File("one"), options)).Succeeded();
        RunTwoRanks(temp.Path, Train(temp.Path, temp.File("two"), options));
        var (one, two) = (Losses(temp.File("one")), Losses(temp.File("two")));
        Assert.Equal(50, two.Length);
        for (var step = 0; step < 50; step++)
            Assert.True(Math.Abs(one[step] - two[step]) <= Tolerance * one[step], $"step {step + 1}: one process {one[step]}, two ranks {two[step]}");
        Assert.True(two[^1] < two[0] * 0.8, $"the loss did not fall: {two[0]} → {two[^1]}");
        AssertSameParameters(temp.File("one"), temp.File("two"));
        Assert.Contains("\"world_size\": 2", File.ReadAllText(Path.Combine(temp.File("two"), "metrics.json")));
    }

    [MpiFact]
    public void A_checkpoint_of_two_ranks_resumes_in_one_process_and_back()
    {
        using var temp = new TempDir();
        string[] data = ["--limit", "96", "--optimizer", "adam"];
        Cli.Run(Train(temp.Path, temp.File("reference"), [.. data, "--epochs", "4"])).Succeeded();

        RunTwoRanks(temp.Path, Train(temp.Path, temp.File("two_then_one"), [.. data, "--epochs", "2"]));
        Cli.Run(Train(temp.Path, temp.File("two_then_one"), [.. data, "--epochs", "4", "--resume"])).Succeeded();
        AssertSameParameters(temp.File("reference"), temp.File("two_then_one"));

        Cli.Run(Train(temp.Path, temp.File("one_then_two"), [.. data, "--epochs", "2"])).Succeeded();
        RunTwoRanks(temp.Path, Train(temp.Path, temp.File("one_then_two"), [.. data, "--epochs", "4", "--resume"]));
        AssertSameParameters(temp.File("reference"), temp.File("one_then_two"));
        Assert.Equal(4, Losses(temp.File("one_then_two")).Length);
    }

    [MpiFact]
    public async Task Killing_one_rank_ends_the_job_non_zero_within_seconds_and_leaves_the_checkpoint_intact()
    {
        using var temp = new TempDir();
        var outDir = temp.File("killed");
        var info = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = temp.Path };
        foreach (var a in Mpirun(Train(temp.Path, outDir, "--limit", "64", "--epochs", "100000"))) info.ArgumentList.Add(a);
        using var job = ChildProcess.Start(info);
        await job.WaitForLine(l => l.StartsWith("epoch 2/", StringComparison.Ordinal)); // epoch 1's checkpoint is written

        ChildProcess.Signal(RankProcess(outDir, 1), 9);
        var clock = Stopwatch.StartNew();
        var code = await job.Exit(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the job took {clock.Elapsed.TotalSeconds:F1}s to end");
        Assert.True(Checkpoint.Load(Path.Combine(outDir, "checkpoint", "last.ckpt")).Progress.Epoch >= 1);
    }

    [MpiFact]
    public void A_global_batch_not_divisible_by_the_ranks_ends_every_rank_naming_it()
    {
        using var temp = new TempDir();
        var result = ChildProcess.Run(temp.Path, "mpirun", Mpirun(Train(temp.Path, temp.File("odd"), "--limit", "64", "--batch-size", "33")));
        Assert.NotEqual(0, result.Code);
        Assert.Matches(@"rank [01] of 2: error: --batch-size 33 is the global batch of all 2 processes and must be divisible", result.Err);
        Assert.False(Directory.Exists(temp.File("odd")));
    }

    /// <summary>The process of <paramref name="rank"/> among those training into <paramref name="outDir"/> (found by its command line and mpirun's variables).</summary>
    private static int RankProcess(string outDir, int rank)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(outDir, StringComparison.Ordinal) &&
                    File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"OMPI_COMM_WORLD_RANK={rank}"))
                    return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
            }
            catch (IOException) { } // the process ended while being read
            catch (UnauthorizedAccessException) { }
        Assert.Fail($"no process of rank {rank} trains into {outDir}");
        return 0;
    }
}
