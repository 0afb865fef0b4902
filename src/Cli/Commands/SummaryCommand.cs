using System.CommandLine;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl summary SPEC.json|MODEL.onnx [--json]</c>: Keras' table for a spec, inputs/outputs/ops/parameters for any .onnx (then, for an invalid one, its problems and exit 2).</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A model spec (.json) or an ONNX model (.onnx)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("summary",
            "Describe a model. Examples: onnxdl summary models/cnn.json; onnxdl summary out/model.onnx --json")
            { file, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            if (!InputFiles.IsOnnx(path))
            {
                output.Write(Spec(path, asJson));
                return ExitCodes.Success;
            }
            if (!path.Exists) throw new UsageException($"Model '{path}' does not exist.");
            var model = ModelSerializer.Load(path.FullName);
            var summary = OnnxSummary.Of(model);
            output.Write(asJson ? summary.ToJson() + "\n" : summary.ToText());
            // What could be summarized was printed; an invalid model then lists its problems (on stderr after JSON, which stays parseable).
            var problems = ModelChecker.Check(model);
            if (problems.Count == 0) return ExitCodes.Success;
            (asJson ? parse.InvocationConfiguration.Error : output).Write(ProblemReport.Text(path.ToString(), problems));
            return ExitCodes.UsageError;
        });
        return command;
    }

    private static string Spec(FileInfo file, bool json)
    {
        var summary = InputFiles.LoadSpec(file).Summarize();
        return json ? summary.ToJson() + "\n" : summary.ToText();
    }
}
