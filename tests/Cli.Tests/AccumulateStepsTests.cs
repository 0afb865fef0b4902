namespace Onnxdl.Cli.Tests;

/// <summary><c>train --accumulate-steps K</c>: the same run as without it (to float tolerance), and a clear usage error past the batch.</summary>
public class AccumulateStepsTests
{
    private static string[] Train(string dir, string outDir, params string[] extra) =>
        ["train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "200", "--epochs", "2", "--out", outDir, "--quiet", .. extra];

    [Fact]
    public void Four_micro_batches_train_the_model_of_whole_batches()
    {
        using var temp = new TempDir();
        Cli.Run(Train(temp.Path, temp.File("whole"))).Succeeded();
        Cli.Run(Train(temp.Path, temp.File("micro"), "--accumulate-steps", "4")).Succeeded();
        var whole = Graph.ModelSerializer.Load(Path.Combine(temp.File("whole"), "model.onnx")).Graph.Initializers.ToDictionary(t => t.Name, t => t.ToFloats());
        foreach (var t in Graph.ModelSerializer.Load(Path.Combine(temp.File("micro"), "model.onnx")).Graph.Initializers)
        {
            var (expected, actual) = (whole[t.Name], t.ToFloats());
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"{t.Name}[{i}]: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void More_micro_batches_than_samples_per_batch_is_a_usage_error()
    {
        using var temp = new TempDir();
        var result = Cli.Run(Train(temp.Path, temp.File("bad"), "--batch-size", "4", "--accumulate-steps", "5"));
        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains("--accumulate-steps 5 splits a batch of 4 into more micro-batches than samples", result.Err);
    }
}
