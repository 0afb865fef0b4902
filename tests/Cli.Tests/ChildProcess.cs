using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// The tool as a real child process. Its output is collected as it comes, so a test waits for an explicit line
/// (not for time to pass) and every failure can show the exit code and the tails of stdout and stderr.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    public const int SigInt = 2;

    /// <summary>Only a bound on a hung child, never a pacing: tests wait for lines and exits.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly Task _pumps;
    private (Func<string, bool> Match, TaskCompletionSource Seen)? _awaited;

    private ChildProcess(ProcessStartInfo info)
    {
        _process = Process.Start(info)!;
        _pumps = Task.WhenAll(Pump(_process.StandardOutput, _stdout, watch: true), Pump(_process.StandardError, _stderr, watch: false));
    }

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "onnxdl.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    public static ChildProcess Start(params string[] args) => new(StartInfo(args));

    public static ChildProcess Start(ProcessStartInfo info) => new(info);

    /// <summary>Only a bound on a hung command: a nested restore, pack or publish runs for minutes on a busy machine.</summary>
    private static readonly TimeSpan CommandPatience = TimeSpan.FromMinutes(8);

    /// <summary>
    /// Runs any command (dotnet new/pack/publish, an installed tool) in <paramref name="workDir"/> to its end, with a quiet,
    /// telemetry-free .NET environment and no MSBuild variables inherited from the test host, so a nested build behaves as on
    /// a developer's shell.
    /// </summary>
    public static Cli.Result Run(string workDir, string file, params string[] args) => Run(workDir, file, args, check: false);

    /// <summary>As <see cref="Run(string, string, string[])"/>; fails with the command, its exit code and its output unless it succeeded.</summary>
    public static Cli.Result Checked(string workDir, string file, params string[] args) => Run(workDir, file, args, check: true);

    private static Cli.Result Run(string workDir, string file, string[] args, bool check)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        Quiet(info.Environment);
        using var child = Start(info);
        var code = child.Exit(CommandPatience).GetAwaiter().GetResult();
        if (check && code != 0) Assert.Fail($"`{file} {string.Join(' ', args)}` (in {workDir}) failed; {child.Describe()}");
        return new Cli.Result(code, child.Stdout, child.Stderr);
    }

    private static void Quiet(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            environment.Remove(name);
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // An installed tool's launcher finds the runtime this test runs on, wherever the SDK is installed.
        environment.TryAdd("DOTNET_ROOT", Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "../../..")));
        // Nothing stays resident after the test: no MSBuild server, node reuse or shared compiler.
        environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";
    }

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Returns once the child has written a stdout line matching <paramref name="match"/>; fails if it exits first.</summary>
    public async Task WaitForLine(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stdout.ToString().Split('\n').Any(l => match(l.TrimEnd('\r')))) return;
            _awaited = (match, seen);
        }
        // Not "WhenAny returned seen": seen's continuation runs asynchronously, so when the child prints the line and exits
        // at once, the pumps' completion can win the race although the line was seen.
        await Task.WhenAny(seen.Task, _pumps, Task.Delay(Patience));
        if (!seen.Task.IsCompleted) Assert.Fail($"the child never printed the awaited line; {Describe()}");
    }

    /// <summary>Sends signal <paramref name="signal"/> straight to the child (no helper process, so no delay of its own).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) Assert.Fail($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}; {Describe()}");
    }

    public void Kill() => _process.Kill();

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Sends <paramref name="signal"/> to any process (e.g. one the child started).</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) Assert.Fail($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the child to end and its output to be read; returns its exit code.</summary>
    public async Task<int> Exit(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the child did not exit within {patience ?? Patience}; {Describe()}");
        }
        await _pumps;
        return _process.ExitCode;
    }

    /// <summary>Exit code (or "still running") and the last lines of stdout and stderr, for failure messages.</summary>
    public string Describe() =>
        $"exit code {(_process.HasExited ? _process.ExitCode.ToString() : "none (still running)")}\n" +
        $"--- stdout (tail) ---\n{Tail(Stdout)}\n--- stderr (tail) ---\n{Tail(Stderr)}";

    private static string Tail(string text) => string.Join('\n', text.TrimEnd().Split('\n').TakeLast(20));

    private async Task Pump(StreamReader reader, StringBuilder sink, bool watch)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (_gate)
            {
                sink.Append(line).Append('\n');
                if (watch && _awaited is { } awaited && awaited.Match(line)) awaited.Seen.TrySetResult();
            }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
