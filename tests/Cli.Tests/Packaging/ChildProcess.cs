using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Sdk;

namespace Onnxdl.Cli.Tests.Packaging;

/// <summary>
/// Runs a command (dotnet new/pack/publish, an installed tool) as a child process with a quiet, telemetry-free .NET
/// environment and no MSBuild variables inherited from the test host, so a nested build behaves as on a developer's
/// shell. <see cref="Checked"/> fails with the command, its exit code and its output.
/// </summary>
internal static class ChildProcess
{
    public sealed record Result(string Command, int ExitCode, string Out, string Err)
    {
        public override string ToString() => $"`{Command}` exited with {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public static Result Checked(string workDir, string file, params string[] args)
    {
        var result = Run(workDir, file, args);
        if (result.ExitCode != 0) throw new XunitException(result.ToString());
        return result;
    }

    public static Result Run(string workDir, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        Quiet(info.Environment);
        var command = $"{file} {string.Join(' ', args)} (in {workDir})";
        using var process = Process.Start(info) ?? throw new XunitException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new XunitException($"`{command}` still running after {Timeout.TotalMinutes} min, killed\n--- stdout\n{stdout.Result}\n--- stderr\n{stderr.Result}");
        }
        return new Result(command, process.ExitCode, stdout.Result, stderr.Result);
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
}
