using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Artifacts;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl demo [--out DIR] [--limit N] [--epochs N]</c>: the seed's whole pipeline on real data. Fashion-MNIST
/// exported as PNG files in the seed's layout, loaded back through OpenCV, split 75/25 (seed 42), the seed CNN
/// trained with a 20% validation split, evaluated on the 25%, saved as model.onnx and run again through a
/// plain ONNX Runtime InferenceSession on a few of the image files.
/// </summary>
internal static class DemoCommand
{
    private const int Seed = 42;

    public static Command Create(TextWriter output)
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output directory.", DefaultValueFactory = _ => new DirectoryInfo("out/demo") };
        var limit = OptionFactory.Positive("--limit", "Images to export and use.", 12_000);
        var epochs = OptionFactory.Positive("--epochs", "Training epochs.", 5);
        var quiet = new Option<bool>("--quiet") { Description = "One line per epoch instead of progress bars." };
        var command = new Command("demo",
            "Run the seed's pipeline end to end (a few minutes on 2 cores). Example: onnxdl demo --out out/demo")
            { outDir, limit, epochs, quiet };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(outDir)!.FullName;
            var settings = new TrainSettings { Epochs = parse.GetValue(epochs)!.Value, ValidationSplit = 0.2, Seed = Seed, Quiet = parse.GetValue(quiet) };
            Run(dir, parse.GetValue(limit)!.Value, settings, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Run(string dir, int limit, TrainSettings settings, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var images = Path.Combine(dir, "images");
        if (Directory.Exists(images)) Directory.Delete(images, recursive: true);
        var exported = IdxImageExporter.Export(FashionMnist.Load(train: true, limit), images);
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F1}s] exported {exported} Fashion-MNIST images to {images}");

        var folder = ImageFolder.Scan(images);
        var all = folder.Load(new Preprocessing(28, 28, 1));
        var (trainIndices, testIndices) = TrainTestSplit.Indices(all.Count, 0.25, Seed);
        var (train, test) = (all.Subset(trainIndices), all.Subset(testIndices));
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F1}s] decoded {all.Count} PNGs with OpenCV (grey, 28×28, /255); " +
            $"{train.Count} to train ({settings.ValidationSplit:P0} of them validate), {test.Count} to test");

        var network = ModelSpec.Load(Path.Combine(AppContext.BaseDirectory, "models", "cnn.json"));
        var outputs = new TrainOutputs(dir);
        var result = new TrainingRun(settings, outputs, output).Run(network, train, test);
        var report = (ClassificationReport)result.Test!; // the demo trains a classifier
        report.Write(output);
        ConfusionChart.Save(report, Path.Combine(dir, "confusion.png"));
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F1}s] test accuracy {report.Accuracy:F4}, loss {report.Loss:F4} on {report.Count} held-out images");

        PredictFiles(outputs.Model, [.. testIndices.Take(5).Select(i => (folder.Files[i], folder.ClassNames[folder.Labels[i]]))], output);
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F1}s] done: {dir} holds model.onnx, history.csv, metrics.json, curves.png, confusion.png");
    }

    /// <summary>Deployment as a user would do it: a plain InferenceSession, the labels and preprocessing read from the model's metadata.</summary>
    private static void PredictFiles(string modelPath, IReadOnlyList<(string File, string Truth)> files, TextWriter output)
    {
        using var session = new InferenceSession(modelPath);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var preprocessing = Preprocessing.FromJson(metadata[MetadataKeys.Preprocessing], MetadataKeys.Preprocessing);
        var labels = JsonSerializer.Deserialize<string[]>(metadata[MetadataKeys.Labels])!;
        output.WriteLine($"Reloaded {Path.GetFileName(modelPath)} in a plain InferenceSession; predictions for image files:");
        foreach (var (file, truth) in files)
        {
            var pixels = new float[preprocessing.SampleSize];
            preprocessing.Apply(file, pixels);
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, .. preprocessing.SampleShape.Select(d => (long)d)]);
            using var results = session.Run(new RunOptions(), [ArtifactNames.Input], [input], [ArtifactNames.Output]);
            var probabilities = results[0].GetTensorDataAsSpan<float>();
            var best = TensorPrimitives.IndexOfMax(probabilities);
            output.WriteLine($"  {Path.GetFileName(file),-14} → {labels[best],-12} p={probabilities[best]:F3}  (true: {truth})");
        }
    }
}
