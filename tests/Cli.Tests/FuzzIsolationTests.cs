using System.Diagnostics;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// <c>bench --fuzz N --isolate</c>: inputs judged in worker processes, so a native crash or a hang is a finding (the
/// input saved) and the run goes on in a fresh worker.
/// </summary>
public sealed class FuzzIsolationTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Worker_processes_reach_the_same_verdicts_as_the_in_process_run()
    {
        var findings = Path.Combine(_temp.Path, "findings");
        var campaign = FuzzCampaign.Models(7);
        campaign.TimeLimit = FuzzTests.Generous;
        var isolated = new IsolatedFuzzRun(campaign, IsolatedFuzzRun.ToolWorker(campaign), findings).Run(60);
        var inProcess = FuzzCampaign.Models(7).Run(60);

        Assert.True(isolated.Violations.Count == 0, string.Join("\n", isolated.Violations));
        Assert.Equal(60, isolated.Inputs);
        Assert.Equal(inProcess.Verdicts.OrderBy(v => v.Key), isolated.Verdicts.OrderBy(v => v.Key));
        Assert.False(Directory.Exists(findings));
    }

    [Fact]
    public void A_worker_killed_by_a_signal_or_hanging_is_a_finding_with_the_input_saved_and_the_run_goes_on()
    {
        // A stand-in worker speaking the protocol: input 1 dies of SIGSEGV, input 3 hangs, the others are fine.
        var script = Path.Combine(_temp.Path, "worker.sh");
        File.WriteAllText(script, """
            for ((i = $1; i < $2; i++)); do
              echo "> $i"
              case $i in 1) kill -SEGV $$ ;; 3) exec sleep 600 ;; esac
              echo "= $i fine"
            done
            """);
        var campaign = new FuzzCampaign(new FuzzTarget("probe", (_, _) => "fine", (_, _) => null),
            [("b", [1, 2, 3])], (bytes, random) => [.. bytes, (byte)random.Next()], 42) { TimeLimit = TimeSpan.FromSeconds(3) };
        var findings = Path.Combine(_temp.Path, "findings");
        ProcessStartInfo Worker(int from, int count) => new("bash", [script, $"{from}", $"{count}"]) { RedirectStandardOutput = true, RedirectStandardError = true };

        var report = new IsolatedFuzzRun(campaign, Worker, findings).Run(6);

        Assert.Equal(6, report.Inputs);
        Assert.Equal(4, report.Verdicts["fine"]);
        Assert.Equal(2, report.Violations.Count);
        var (crash, hang) = (Path.Combine(findings, "probe-seed42-1.bin"), Path.Combine(findings, "probe-seed42-3.bin"));
        Assert.Equal($"b mutation #1 (seed 42): the worker process died (exit code 139, signal 11). Input saved to {crash}.", report.Violations[0]);
        Assert.Equal($"b mutation #3 (seed 42): no verdict within 3 s (4 bytes). Input saved to {hang}.", report.Violations[1]);
        Assert.Equal(campaign.Input(1), File.ReadAllBytes(crash));
        Assert.Equal(campaign.Input(3), File.ReadAllBytes(hang));
    }

    [Fact]
    public void The_soak_command_runs_isolated_and_reports_each_target()
    {
        var result = Cli.Run("bench", "--fuzz", "20", "--seed", "7", "--fuzz-time-limit", $"{FuzzTests.Generous.TotalSeconds}",
            "--isolate", "--findings", Path.Combine(_temp.Path, "f")).Succeeded();

        Assert.Matches(@"^models: 20 inputs in [\d.]+ s: .*; 0 violations$", result.Lines[0]);
        Assert.Matches(@"^images: 20 inputs in [\d.]+ s: .*; 0 violations$", result.Lines[1]);
    }
}
