using System.CommandLine;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Cli;

/// <summary><c>onnxdl export SPEC.json --out MODEL.onnx [--seed N] [--opset N]</c>: the untrained inference model.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var spec = new Argument<FileInfo>("SPEC") { Description = "The model spec (.json)." };
        var outFile = OptionFactory.Out("Where to write the .onnx model.");
        var seed = OptionFactory.Seed();
        var opset = OptionFactory.Positive("--opset", $"ONNX opset (≥ {ExportOptions.MinOpset}).", (int)OnnxModel.DefaultOpset);
        var command = new Command("export",
            "Write a spec's untrained model as ONNX. Example: onnxdl export models/cnn.json --out cnn.onnx --seed 1")
            { spec, outFile, seed, opset };
        command.SetAction(parse =>
        {
            var network = InputFiles.LoadSpec(parse.GetValue(spec)!).Build(parse.GetValue(seed));
            var path = parse.GetValue(outFile)!.FullName;
            ModelSerializer.Save(network.ToOnnx(new ExportOptions { Opset = parse.GetValue(opset)!.Value }), path);
            output.WriteLine($"Wrote {path} ({network.Summarize().TotalParams:N0} parameters).");
            return ExitCodes.Success;
        });
        return command;
    }
}
