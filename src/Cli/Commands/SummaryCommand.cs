using System.CommandLine;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl summary SPEC.json|MODEL.onnx [--json]</c>: Keras' table for a spec, inputs/outputs/ops/parameters for any .onnx.</summary>
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
            output.Write(InputFiles.IsOnnx(path) ? Onnx(path, asJson) : Spec(path, asJson));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Spec(FileInfo file, bool json)
    {
        var summary = InputFiles.LoadSpec(file).Summarize();
        return json ? summary.ToJson() + "\n" : summary.ToText();
    }

    private static string Onnx(FileInfo file, bool json)
    {
        if (!file.Exists) throw new UsageException($"Model '{file}' does not exist.");
        var summary = OnnxSummary.Of(ModelSerializer.Load(file.FullName));
        return json ? summary.ToJson() + "\n" : summary.ToText();
    }
}
