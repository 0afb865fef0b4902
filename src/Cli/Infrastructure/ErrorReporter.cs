using System.Text.Json;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Cli;

/// <summary>The one place that turns exceptions into a message and an exit code.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception e, TextWriter error, bool verbose)
    {
        var code = CodeOf(e);
        error.WriteLine($"error: {e.Message}");
        if (verbose) error.WriteLine(e);
        else if (code == ExitCodes.RuntimeFailure) error.WriteLine("(run with --verbose for details)");
        return code;
    }

    /// <summary>The exit code <paramref name="e"/> ends the tool with.</summary>
    public static int CodeOf(Exception e) => IsUsage(e) ? ExitCodes.UsageError : ExitCodes.RuntimeFailure;

    /// <summary>Bad arguments, missing or malformed input files: the user's to fix, so exit code 2.</summary>
    private static bool IsUsage(Exception e) => e is UsageException or ArgumentException or FileNotFoundException
        or DirectoryNotFoundException or OnnxFormatException or JsonException or FormatException
        or ModelSpecException or DataException or CheckpointException;
}
