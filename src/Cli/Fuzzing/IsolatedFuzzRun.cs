using System.Diagnostics;
using System.Globalization;

namespace Onnxdl.Cli;

/// <summary>
/// Runs a <see cref="FuzzCampaign"/>'s inputs in worker processes (<c>bench --isolate</c>), so an input that kills the
/// process natively (a segfault in OpenCV or ONNX Runtime, a fail-fast, the OOM killer) or hangs is a violation naming it,
/// with its bytes saved under <paramref name="findings"/>, and the run goes on from the next input in a fresh worker.
/// <para>Protocol (<see cref="Serve"/>, one line each on the worker's stdout): <c>&gt; I</c> before judging input I,
/// <c>! I TEXT</c> per violation, <c>= I [VERDICT]</c> when done (no verdict after a violation).</para>
/// </summary>
/// <param name="campaign">The inputs, their names and the time limit of each.</param>
/// <param name="worker">The process that serves inputs from the given index up to (not including) the given count.</param>
/// <param name="findings">Where the bytes of each violating input are saved (created on the first one).</param>
internal sealed class IsolatedFuzzRun(FuzzCampaign campaign, Func<int, int, ProcessStartInfo> worker, string findings)
{
    /// <summary>How long a worker may take to start and judge its first input's predecessor: .NET start-up on a busy machine.</summary>
    public TimeSpan StartLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>This tool run again as the worker: <c>dotnet onnxdl.dll bench --fuzz COUNT --seed S --fuzz-worker TARGET --fuzz-from FROM</c>.</summary>
    public static Func<int, int, ProcessStartInfo> ToolWorker(FuzzCampaign campaign) => (from, count) =>
    {
        // The dotnet host running us (tests run in-process under it), else the one on PATH.
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "onnxdl.dll"));
        foreach (var arg in new[] { "bench", "--fuzz", $"{count}", "--seed", $"{campaign.Seed}", "--fuzz-worker", campaign.Target, "--fuzz-from", $"{from}" })
            info.ArgumentList.Add(arg);
        return info;
    };

    /// <summary>The worker loop: judges inputs <paramref name="from"/> to <paramref name="count"/> − 1 in this process, reporting on <paramref name="output"/>.</summary>
    public static void Serve(FuzzCampaign campaign, int from, int count, TextWriter output)
    {
        for (var i = from; i < count; i++)
        {
            var (name, bytes) = (campaign.Name(i), campaign.Input(i));
            output.WriteLine($"> {i}");
            output.Flush();   // the parent must know which input was running if this one kills the process
            var (verdict, violations) = campaign.Outcome(name, bytes);
            foreach (var violation in violations) output.WriteLine($"! {i} {violation.ReplaceLineEndings(" ")}");
            output.WriteLine($"= {i} {verdict}".TrimEnd());
        }
        output.Flush();
    }

    /// <summary>Runs inputs 0 to <paramref name="count"/> − 1, a fresh worker after each one that died or hung.</summary>
    public FuzzReport Run(int count)
    {
        var verdicts = new Dictionary<string, int>(StringComparer.Ordinal);
        var violations = new List<string>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        while (next < count)
        {
            var resumed = Worker(next, count, verdicts, violations);
            if (resumed <= next) break;   // the worker judged nothing: it cannot start (its violation says why)
            next = resumed;
        }
        return new FuzzReport(campaign.Target, next, verdicts, violations, clock.Elapsed);
    }

    /// <summary>One worker from input <paramref name="from"/>; returns the index to go on from.</summary>
    private int Worker(int from, int count, Dictionary<string, int> verdicts, List<string> violations)
    {
        using var process = Process.Start(worker(from, count)) ?? throw new InvalidOperationException("The fuzz worker process did not start.");
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (stderr) stderr.Add(line); };
        process.BeginErrorReadLine();
        var (running, next) = (-1, from);
        while (true)
        {
            var read = process.StandardOutput.ReadLineAsync();
            if (!read.Wait(running >= 0 ? campaign.TimeLimit : StartLimit))
            {
                process.Kill(entireProcessTree: true);
                violations.Add(running >= 0 ? Found(running, campaign.Hang(running)) : $"{campaign.Target}: the fuzz worker printed nothing within {StartLimit.TotalSeconds} s.");
                return running >= 0 ? running + 1 : from;
            }
            if (read.Result is not { } line)
            {
                process.WaitForExit();
                if (running < 0 && next == count) return next;
                var why = $"the worker process died (exit code {process.ExitCode}{Signal(process.ExitCode)}){Tail(stderr)}";
                violations.Add(running >= 0 ? Found(running, $"{campaign.Name(running)}: {why}.") : $"{campaign.Target}: {why}, before judging input {next}.");
                return running >= 0 ? running + 1 : next;
            }
            var (mark, index, rest) = Parse(line);
            switch (mark)
            {
                case '>': running = index; break;
                case '!': violations.Add(Found(index, rest)); break;
                case '=':
                    if (rest.Length > 0) verdicts[rest] = verdicts.GetValueOrDefault(rest) + 1;
                    (running, next) = (-1, index + 1);
                    break;
            }
        }
    }

    private static (char Mark, int Index, string Text) Parse(string line)
    {
        var parts = line.Split(' ', 3);
        return (parts[0][0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts.Length > 2 ? parts[2] : "");
    }

    /// <summary>Saves input <paramref name="index"/>'s bytes and returns the violation naming the file.</summary>
    private string Found(int index, string violation)
    {
        Directory.CreateDirectory(findings);
        var path = Path.Combine(findings, $"{campaign.Target}-seed{campaign.Seed}-{index}.bin");
        File.WriteAllBytes(path, campaign.Input(index));
        return $"{violation} Input saved to {path}.";
    }

    /// <summary>", signal N" for an exit code of 128 + N, as a process killed by a signal reports it.</summary>
    private static string Signal(int exitCode) => exitCode is > 128 and < 160 ? $", signal {exitCode - 128}" : "";

    private static string Tail(List<string> stderr)
    {
        lock (stderr) return stderr.Count == 0 ? "" : $"; its last stderr line: {stderr[^1]}";
    }
}
