using System.CommandLine;

namespace Onnx.Cli;

/// <summary>Every command of the tool, one file each.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(TextWriter output) =>
    [
        PredictCommand.Create(output),
        FinetuneCommand.Create(output),
    ];
}
