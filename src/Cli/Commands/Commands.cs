using System.CommandLine;

namespace Onnxdl.Cli;

/// <summary>Every command of the tool, one file each.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(TextWriter output) =>
    [
        PredictCommand.Create(output),
        SummaryCommand.Create(output),
        CheckCommand.Create(output),
        ExportCommand.Create(output),
        ArtifactsCommand.Create(output),
        TrainCommand.Create(output),
        EvaluateCommand.Create(output),
        DatasetCommand.Create(output),
        DemoCommand.Create(output),
        BenchCommand.Create(output),
        ServeCommand.Create(output),
        RepositoryCommand.Create(output),
        FinetuneCommand.Create(output),
    ];
}
