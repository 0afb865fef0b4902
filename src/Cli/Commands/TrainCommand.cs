using System.CommandLine;
using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl train --model SPEC.json --data SOURCE --out DIR [training options]</c>: trains and writes DIR/model.onnx,
/// DIR/training/*.onnx, DIR/checkpoint/last.ckpt (+ best.ckpt when validating), history.csv, metrics.json, curves.png.
/// Ctrl-C saves DIR/checkpoint/last.ckpt and exits with <see cref="ExitCodes.Interrupted"/>. Under <c>mpirun -np N</c> the N
/// processes train data-parallel (<see cref="MpiCommunicator"/>); an error on any rank ends the whole job, naming the rank.
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
        var reading = new DataOptions();
        var command = new Command("train",
            "Train a model spec. Examples: onnxdl train --model models/cnn.json --data fashion-mnist --out out/cnn --epochs 5 " +
            "--validation-split 0.2; onnxdl train --model models/cnn.json --data folder:images/ --out out/cnn --epochs 10 --resume " +
            "(image files are decoded into memory when small, else streamed from disk batch by batch: see --cache)")
            { spec, data, test, outDir, limit };
        foreach (var option in training.All.Concat(reading.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            using var communicator = MpiCommunicator.FromEnvironment();
            try
            {
                return Train(parse, communicator is { Rank: > 0 } ? TextWriter.Null : output, communicator);
            }
            catch (Exception e) when (communicator is { Size: > 1 })
            {
                communicator.Abort($"error: {e.Message}", ErrorReporter.CodeOf(e));
                throw;
            }
        });
        return command;

        int Train(ParseResult parse, TextWriter output, MpiCommunicator? communicator)
        {
            var given = training.Read(parse) with { Communicator = communicator };
            if (communicator is not null && given.BatchSize % communicator.Size != 0)
                throw new UsageException($"--batch-size {given.BatchSize} is the global batch of all {communicator.Size} processes and must be divisible by their number.");
            if (communicator is not null && given.Device.Kind == DeviceKind.Cuda && given.Device.Id == 0)
                given = given with { Device = new Device(DeviceKind.Cuda, communicator.LocalRank) };
            var network = InputFiles.LoadNetwork(parse.GetValue(spec)!);
            var source = DataSource.Parse(parse.GetValue(data)!);
            var testSource = parse.GetValue(test) is { } t ? DataSource.Parse(t) : null;
            var images = ImageInput(network);
            var loss = Graph.Losses.Loss.FromName(given.Loss);
            var dataSettings = reading.Read(parse, Console.Error);
            var dataset = TrainingData.Load(source, loss, parse.GetValue(limit), images, dataSettings);
            dataset.CheckFits(network);
            var settings = training.For(dataset, given, parse);
            var testset = testSource is null ? null : TrainingData.Load(testSource, loss, null, images, dataSettings);
            var outputs = new TrainOutputs(parse.GetValue(outDir)!.FullName);
            var result = new TrainingRun(settings, outputs, output).Run(network, dataset, testset);
            if (result.Test is { } report) output.WriteLine($"test {report.Summary}");
            return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
        }
    }

    /// <summary>How image files become this model's input: its H × W × C, scaled to [0, 1]; null for non-image models.</summary>
    public static Preprocessing? ImageInput(Graph.Layers.Functional network) =>
        network.Input.KerasShape is [var h, var w, var c and (1 or 3 or 4)] ? new Preprocessing(w, h, c) : null;
}
