namespace Onnxdl.Cli.Tests;

/// <summary>Runs the tool in-process (fast) or as a real process (exit codes, signals, files next to onnxdl.dll).</summary>
internal static class Cli
{
    public sealed record Result(int Code, string Out, string Err)
    {
        public string LastLine => Out.TrimEnd().Split('\n')[^1];

        /// <summary>The non-empty lines of stdout, trimmed.</summary>
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        /// <summary>Asserts success, showing the exit code and stderr when it failed.</summary>
        public Result Succeeded()
        {
            Assert.True(Code == ExitCodes.Success, $"exit code {Code}: {Err}");
            return this;
        }
    }

    public static Result Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the tool as a child process to its end (see <see cref="ChildProcess"/> to interact with one).</summary>
    public static Result RunProcess(params string[] args)
    {
        using var child = ChildProcess.Start(args);
        var code = child.Exit().GetAwaiter().GetResult();
        return new Result(code, child.Stdout, child.Stderr);
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
