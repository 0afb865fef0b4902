using System.CommandLine;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl predict --model MODEL.onnx (--input INPUT.json | --input ROWS.csv | FILE_OR_DIR…) [--top K] [--json] [--skip-bad] [--device …]</c>:
/// raw tensors from JSON, feature rows from CSV (see <see cref="PredictRows"/>), or images through the model's preprocessing.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "The .onnx model to run.", Required = true };
        var input = new Option<FileInfo>("--input")
            { Description = "Tensors as JSON: {\"NAME\":{\"dims\":[…],\"data\":[…]}}, or FILE.csv: a header line, then one sample's features per row." };
        var images = new Argument<string[]>("images")
        {
            Description = "Image files or folders (folders expand to their images, sorted).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var top = new Option<int>("--top") { Description = "Show the K most probable classes per image.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "One JSON line per image: {\"file\",\"label\",\"probability\"[,\"top\"]}." };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Warn about and skip images that cannot be decoded, instead of stopping." };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per model run.", DefaultValueFactory = _ => 32 };
        var device = OptionFactory.Device();
        var command = new Command("predict",
            "Run a model on tensors, CSV rows or images. Examples: onnxdl predict --model out/model.onnx --input x.json | " +
            "onnxdl predict --model out/hello/model.onnx --input points.csv | " +
            "onnxdl predict --model out/model.onnx photos/ --top 3")
            { model, input, images, top, json, skipBad, batchSize, device };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input);
            var paths = parse.GetValue(images) ?? [];
            if ((inputFile is null) == (paths.Length == 0))
                throw new UsageException("predict needs either --input INPUT.json (tensors), --input ROWS.csv (feature rows) or image files/folders, not both.");
            using var predictor = InputFiles.LoadPredictor(parse.GetValue(model)!, parse.GetValue(device)!, "predict");
            if (inputFile is not null && PredictRows.IsCsv(inputFile))
            {
                PredictRows.Run(predictor, inputFile, output);
                return ExitCodes.Success;
            }
            if (inputFile is not null)
            {
                var tensors = TensorJson.Read(InputFiles.ReadText(inputFile), inputFile.Name);
                output.WriteLine(TensorJson.Write(predictor.Run(tensors)));
                return ExitCodes.Success;
            }
            var settings = new PredictImages.Settings(
                Positive(parse.GetValue(top), "--top"), parse.GetValue(json), parse.GetValue(skipBad), Positive(parse.GetValue(batchSize), "--batch-size"));
            PredictImages.Run(predictor, ImageFiles.Expand(paths), settings, output, Console.Error);
            return ExitCodes.Success;
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new UsageException($"{option} must be at least 1, received {value}.");
}
