using System.CommandLine;
using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl train --model SPEC.json --data SOURCE --out DIR [training options]</c>: trains and writes DIR/model.onnx,
/// DIR/training/*.onnx, DIR/checkpoint/last.ckpt (+ best.ckpt when validating), history.csv, metrics.json, curves.png.
/// Ctrl-C saves DIR/checkpoint/last.ckpt and exits with <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output)
    {
        var spec = new Option<FileInfo>("--model") { Description = "The model spec (.json), or a model.onnx written by onnxdl to train further from its weights.", Required = true };
        var data = new Option<string>("--data") { Description = $"Training data: {DataSource.Forms}.", Required = true };
        var test = new Option<string>("--test-data") { Description = "Data to evaluate on after training (metrics.json \"test\")." };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output directory.", Required = true };
        var limit = OptionFactory.Positive("--limit", "Use only the first N samples.");
        var training = new TrainOptions();
        var command = new Command("train",
            "Train a model spec. Examples: onnxdl train --model models/cnn.json --data fashion-mnist --out out/cnn --epochs 5 " +
            "--validation-split 0.2; onnxdl train --model models/cnn.json --data folder:images/ --out out/cnn --epochs 10 --resume")
            { spec, data, test, outDir, limit };
        foreach (var option in training.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var settings = training.Read(parse);
            var network = InputFiles.LoadNetwork(parse.GetValue(spec)!);
            var source = DataSource.Parse(parse.GetValue(data)!);
            var testSource = parse.GetValue(test) is { } t ? DataSource.Parse(t) : null;
            var images = ImageInput(network);
            var dataset = source.Load(parse.GetValue(limit), images);
            var testset = testSource?.Load(folderPreprocessing: images);
            var outputs = new TrainOutputs(parse.GetValue(outDir)!.FullName);
            var result = new TrainingRun(settings, outputs, output).Run(network, dataset, testset);
            if (result.Test is { } report) output.WriteLine($"test loss {report.Loss:F4}  accuracy {report.Accuracy:F4} ({report.Count} samples)");
            return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How image files become this model's input: its H × W × C, scaled to [0, 1]; null for non-image models.</summary>
    public static Preprocessing? ImageInput(Graph.Layers.Functional network) =>
        network.Input.KerasShape is [var h, var w, var c and (1 or 3 or 4)] ? new Preprocessing(w, h, c) : null;
}
