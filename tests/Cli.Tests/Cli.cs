using System.Diagnostics;

namespace Onnxdl.Cli.Tests;

/// <summary>Runs the tool in-process (fast) or as a real process (exit codes, signals, files next to onnxdl.dll).</summary>
internal static class Cli
{
    public sealed record Result(int Code, string Out, string Err)
    {
        public string LastLine => Out.TrimEnd().Split('\n')[^1];
    }

    public static Result Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "onnxdl.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    public static Result RunProcess(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "onnxdl-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A softmax regression on 28×28 images: trains in a fraction of a second.</summary>
    public static string TinySpec(string dir, string activation = "softmax")
    {
        var path = Path.Combine(dir, $"tiny_{activation}.json");
        File.WriteAllText(path, $$"""
            {"name":"tiny","input":[28,28,1],"layers":[{"type":"Flatten"},{"type":"Dense","units":10,"activation":"{{activation}}"}]}
            """);
        return path;
    }

    public static string CnnSpec => Path.Combine(AppContext.BaseDirectory, "models", "cnn.json");

    public static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path).AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
}
