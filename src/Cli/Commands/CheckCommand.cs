using System.CommandLine;
using Onnxdl.Graph;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl check MODEL.onnx [--json]</c>: the structural checks and resource limits of <see cref="ModelChecker"/>; exit 0 valid, 2 invalid. A valid model ONNX Runtime is known to crash on gets a note line (<see cref="OrtCrashGuard"/>).</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<FileInfo>("MODEL") { Description = "An ONNX model (.onnx)." };
        var json = new Option<bool>("--json") { Description = "Print the problems as a JSON list of {kind, where, message} ([] when valid)." };
        var command = new Command("check",
            "Validate an ONNX model before it is used: IR and opset versions, operators, graph order and names, subgraphs, size limits. " +
            "Exit 0 when valid, 2 with one line per problem. Example: onnxdl check model.onnx --json")
            { file, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new UsageException($"Model '{path}' does not exist.");
            var model = ModelSerializer.Load(path.FullName);
            var problems = ModelChecker.Check(model);
            if (parse.GetValue(json)) output.Write(ProblemReport.Json(problems));
            else if (problems.Count > 0) output.Write(ProblemReport.Text(path.ToString(), problems));
            else
            {
                var summary = OnnxSummary.Of(model);
                output.WriteLine($"{path}: OK (nodes: {summary.NodeCount}, operator types: {summary.OpHistogram.Count}, parameters: {summary.ParameterCount:N0}).");
                // Valid ONNX stays valid (exit 0); the note says why predict/serve will still refuse it.
                foreach (var crash in OrtCrashGuard.Find(model)) output.WriteLine($"note: {crash}");
            }
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.UsageError;
        });
        return command;
    }
}
