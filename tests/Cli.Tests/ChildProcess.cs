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
        if (await Task.WhenAny(seen.Task, _pumps, Task.Delay(Patience)) != seen.Task)
            Assert.Fail($"the child never printed the awaited line; {Describe()}");
    }

    /// <summary>Sends signal <paramref name="signal"/> straight to the child (no helper process, so no delay of its own).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) Assert.Fail($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}; {Describe()}");
    }

    public void Kill() => _process.Kill();

    /// <summary>Waits for the child to end and its output to be read; returns its exit code.</summary>
    public async Task<int> Exit()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the child did not exit within {Patience}; {Describe()}");
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
