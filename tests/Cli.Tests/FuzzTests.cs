namespace Onnxdl.Cli.Tests;

/// <summary>
/// Mutation fuzzing in CI (a thousand inputs per target, fixed seed, a few seconds; <c>onnxdl bench --fuzz N</c> is the soak):
/// the reader and checker, and the image decoder, keep their contract on every mutated input.
/// </summary>
public class FuzzTests
{
    private const int Seed = 42;

    /// <summary>The suite runs test projects side by side on a shared machine, where a mutated 48 MB model can take seconds to parse; a hang outlives any limit.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void Mutated_models_get_a_verdict_or_a_format_error_in_time_and_memory()
    {
        var campaign = FuzzCampaign.Models(Seed);
        campaign.TimeLimit = Generous;
        var report = campaign.Run(1000);

        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations));
        Assert.Equal(1000, report.Inputs);
        // The mutations reach every verdict: some stay valid, some pass the reader but not the checker, some break the reader.
        Assert.All(new[] { "valid", "invalid", "format error" }, verdict => Assert.True(report.Verdicts.GetValueOrDefault(verdict) > 0, report.ToString()));
    }

    [Fact]
    public void Mutated_images_decode_or_are_refused_naming_the_input()
    {
        var report = FuzzCampaign.Images(Seed).Run(1000);

        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations));
        Assert.Equal(1000, report.Inputs);
        Assert.All(new[] { "decoded", "refused" }, verdict => Assert.True(report.Verdicts.GetValueOrDefault(verdict) > 0, report.ToString()));
    }

    [Fact]
    public void An_input_is_reproduced_from_its_seed_and_index()
    {
        var (first, again, other) = (FuzzCampaign.Models(Seed), FuzzCampaign.Models(Seed), FuzzCampaign.Models(Seed + 1));

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(first.Input(i), again.Input(i)));
        Assert.Contains(Enumerable.Range(0, 50), i => !first.Input(i).AsSpan().SequenceEqual(other.Input(i)));
        Assert.Equal("bn_pool train_step mutation #1 (seed 42)", first.Name(1));   // models/*.json in order, each exported, then train_step, eval_step
    }

    [Fact]
    public void Another_exception_a_hang_or_a_memory_blow_up_is_a_violation_naming_the_input()
    {
        using var never = new ManualResetEventSlim();   // the hang: set only when the test is done with it
        var target = new FuzzTarget("probe", (bytes, name) => bytes[0] switch
            {
                1 => throw new InvalidOperationException("probe fault"),
                2 => new string('x', 40 << 20),   // 80 MB of chars for a 1-byte input
                3 => Hang(never),
                _ => "fine",
            },
            (e, name) => null);
        // Long enough that an 80 MB allocation on a busy machine is never mistaken for the hang.
        var campaign = new FuzzCampaign(target, [("b0", [0]), ("b1", [1]), ("b2", [2]), ("b3", [3])], (seed, _) => seed, Seed)
        {
            TimeLimit = TimeSpan.FromSeconds(5),
        };

        var report = campaign.Run(100);
        never.Set();

        Assert.Equal(4, report.Inputs);   // the hang ends the campaign
        Assert.Equal(1, report.Verdicts["fine"]);
        Assert.StartsWith("b1 mutation #1 (seed 42): InvalidOperationException instead of a verdict or an allowed refusal: probe fault", report.Violations[0]);
        Assert.StartsWith("b2 mutation #2 (seed 42): allocated ", report.Violations[1]);
        Assert.Equal("b3 mutation #3 (seed 42): no verdict within 5 s (1 bytes).", report.Violations[2]);
    }

    private static string Hang(ManualResetEventSlim release)
    {
        release.Wait();
        return "released";
    }

    [Fact]
    public void The_soak_command_prints_each_targets_verdict_counts()
    {
        var result = Cli.Run("bench", "--fuzz", "30", "--seed", "7", "--fuzz-time-limit", $"{Generous.TotalSeconds}").Succeeded();

        Assert.Matches(@"^models: 30 inputs in [\d.]+ s: .*; 0 violations$", result.Lines[0]);
        Assert.Matches(@"^images: 30 inputs in [\d.]+ s: .*; 0 violations$", result.Lines[1]);
    }
}
