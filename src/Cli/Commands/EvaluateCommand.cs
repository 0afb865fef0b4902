using System.CommandLine;
using System.Text.Json.Nodes;
using Onnxdl.Augment;
using Onnxdl.Runtime;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl evaluate --model MODEL.onnx --data SOURCE [--json] [--plot FILE] [--batch-size N]</c>: runs any
/// classifier over labelled data and reports loss, accuracy, per-class precision/recall and the confusion matrix.
/// With --json the last line is <c>{"loss":…,"accuracy":…,"samples":N}</c>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output)
    {
        var modelFile = new Option<FileInfo>("--model") { Description = "The .onnx classifier (probabilities out).", Required = true };
        var data = new Option<string>("--data") { Description = $"Labelled data: {DataSource.Forms}.", Required = true };
        var json = new Option<bool>("--json") { Description = "End with one JSON line {\"loss\",\"accuracy\",\"samples\"}." };
        var plot = new Option<FileInfo>("--plot") { Description = "Write the confusion matrix as a PNG heatmap." };
        var batchSize = OptionFactory.Positive("--batch-size", "Samples per inference call.", 256);
        var limit = OptionFactory.Positive("--limit", "Use only the first N samples.");
        var device = OptionFactory.Device();
        var command = new Command("evaluate",
            "Evaluate a trained classifier. Examples: onnxdl evaluate --model out/cnn/model.onnx --data fashion-mnist:test; " +
            "onnxdl evaluate --model out/cnn/model.onnx --data folder:images/ --plot confusion.png --json")
            { modelFile, data, json, plot, batchSize, limit, device };
        command.SetAction(parse =>
        {
            var source = DataSource.Parse(parse.GetValue(data)!);
            using var predictor = InputFiles.LoadPredictor(parse.GetValue(modelFile)!, parse.GetValue(device)!, "evaluate");
            var reading = new DataSettings(CacheMode.Auto, new PipelineOptions(), new BadFiles(skip: false));
            var dataset = TrainingData.Open(source, parse.GetValue(limit), FolderPreprocessing(predictor), reading).ForEvaluation();
            var asJson = parse.GetValue(json);
            var report = Run(predictor, dataset, parse.GetValue(batchSize)!.Value, ConsoleProgress.IsInteractive(output, asJson));
            report.Write(output);
            output.WriteLine($"loss {report.Loss:F4}  accuracy {report.Accuracy:F4}  ({report.Count} samples)");
            if (parse.GetValue(plot) is { } png)
            {
                ConfusionChart.Save(report, png.FullName);
                output.WriteLine($"Wrote {png.FullName}.");
            }
            if (asJson) output.WriteLine(new JsonObject { ["loss"] = report.Loss, ["accuracy"] = report.Accuracy, ["samples"] = report.Count }.ToJsonString());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The preprocessing stored in the model, else the model's input size, scaled to [0, 1].</summary>
    private static Preprocessing? FolderPreprocessing(Predictor predictor)
    {
        if (predictor.Metadata.TryGetValue(MetadataKeys.Preprocessing, out var stored)) return Preprocessing.FromJson(stored, MetadataKeys.Preprocessing);
        return SampleShape(predictor) is [var c and (1 or 3 or 4), var h, var w] ? new Preprocessing(w, h, c) : null;
    }

    private static int[] SampleShape(Predictor predictor) =>
        [.. (predictor.Inputs[0].Type.Shape ?? []).Skip(1).Select(d => (int)(d.Value ?? -1))];

    private static ClassificationReport Run(Predictor predictor, IBatchSource data, int batchSize, bool interactive)
    {
        var expected = SampleShape(predictor);
        if (!expected.SequenceEqual(data.SampleShape))
            throw new UsageException($"The data's samples have shape [{string.Join(", ", data.SampleShape)}]; " +
                $"model '{predictor.ModelPath}' expects [{string.Join(", ", expected)}].");
        var report = new ClassificationReport(predictor.Labels.Count == data.NumClasses ? predictor.Labels : data.ClassNames);
        var batches = (data.Count + batchSize - 1) / batchSize;
        return ConsoleProgress.Run(interactive, live =>
        {
            var task = live?.AddTask("evaluating", maxValue: batches);
            foreach (var batch in data.Epoch(0, batchSize, shuffle: false, seed: 0))
                using (batch)
                {
                    var n = batch.Count;
                    var probabilities = predictor.Predict(TensorData.Of(batch.FeatureSpan.ToArray(), [n, .. expected.Select(d => (long)d)])).Floats;
                    if (probabilities.Length != n * data.NumClasses)
                        throw new UsageException($"Model '{predictor.ModelPath}' gives {probabilities.Length / n} outputs per sample; the data has {data.NumClasses} classes.");
                    report.AddBatch(batch.LabelSpan, probabilities);
                    task?.Increment(1);
                }
            return report;
        });
    }
}
