using System.CommandLine;
using Onnx.Runtime;

namespace Onnx.Cli;

/// <summary><c>onnxdl predict --model MODEL.onnx --input INPUT.json [--device cpu|cuda]</c>.</summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "The .onnx model to run.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Tensors as JSON: {\"NAME\":{\"dims\":[…],\"data\":[…]}}." };
        var device = CommonOptions.Device();
        var command = new Command("predict",
            "Run a model. Example: onnxdl predict --model out/model.onnx --input x.json")
            { model, input, device };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input) ?? throw new UsageException("predict needs --input INPUT.json.");
            var tensors = TensorJson.Read(CommonOptions.ReadText(inputFile), inputFile.Name);
            using var predictor = CommonOptions.LoadPredictor(parse.GetValue(model)!, parse.GetValue(device)!);
            output.WriteLine(TensorJson.Write(predictor.Run(tensors)));
            return ExitCodes.Success;
        });
        return command;
    }
}
