using System.CommandLine;

namespace Onnxdl.Cli;

/// <summary>Builds the command tree and runs it with the exit-code contract of <see cref="ExitCodes"/>.</summary>
internal static class CliApp
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print stack traces on errors.", Recursive = true };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("onnxdl — build, train and deploy ONNX models from .NET.") { Verbose };
        foreach (var command in Commands.All(output)) root.Subcommands.Add(command);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'onnxdl --help' (or 'onnxdl COMMAND --help') for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, error, parse.GetValue(Verbose));
        }
    }
}
