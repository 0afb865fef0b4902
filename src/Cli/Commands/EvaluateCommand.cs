using System.CommandLine;
using System.Text.Json.Nodes;
using Onnxdl.Augment;
using Onnxdl.Runtime;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli;

/// <summary>
/// <c>onnxdl evaluate --model MODEL.onnx --data SOURCE [--json] [--plot FILE] [--batch-size N]</c>: runs any
/// classifier over labelled data and reports loss, accuracy, per-class precision/recall and the confusion matrix.
/// With --json the last line is <c>{"loss":…,"accuracy":…,"samples":N}</c>. A regression model (one whose metadata
/// has <see cref="MetadataKeys.Regression"/>) is scored on <c>csv:FILE:COLUMNS</c> by loss, MAE and RMSE instead:
/// <c>{"loss":…,"mae":…,"rmse":…,"samples":N}</c>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output)
    {
        var modelFile = new Option<FileInfo>("--model") { Description = "The .onnx classifier (probabilities out), or a regression model onnxdl trained.", Required = true };
        var data = new Option<string>("--data") { Description = $"Labelled data: {DataSource.Forms}.", Required = true };
        var json = new Option<bool>("--json") { Description = "End with one JSON line {\"loss\",\"accuracy\",\"samples\"} ({\"loss\",\"mae\",\"rmse\",\"samples\"} for a regression)." };
        var plot = new Option<FileInfo>("--plot") { Description = "Write the confusion matrix as a PNG heatmap." };
        var batchSize = OptionFactory.Positive("--batch-size", "Samples per inference call.", 256);
        var limit = OptionFactory.Positive("--limit", "Use only the first N samples.");
        var device = OptionFactory.Device();
        var command = new Command("evaluate",
            "Evaluate a trained classifier or regression model. Examples: onnxdl evaluate --model out/cnn/model.onnx --data fashion-mnist:test; " +
            "onnxdl evaluate --model out/cnn/model.onnx --data folder:images/ --plot confusion.png --json")
            { modelFile, data, json, plot, batchSize, limit, device };
        command.SetAction(parse =>
        {
            var source = DataSource.Parse(parse.GetValue(data)!);
            using var predictor = InputFiles.LoadPredictor(parse.GetValue(modelFile)!, parse.GetValue(device)!, "evaluate");
            var regression = RegressionMetadata.Of(predictor.Metadata, predictor.ModelPath);
            if (regression is not null && parse.GetValue(plot) is not null)
                throw new UsageException("--plot draws a confusion matrix, which a regression model has none of; leave it out.");
            var asJson = parse.GetValue(json);
            IEvaluationReport report = regression is null
                ? Classify(predictor, Classes(source, parse.GetValue(limit), FolderPreprocessing(predictor)), parse.GetValue(batchSize)!.Value,
                    ConsoleProgress.IsInteractive(output, asJson), output)
                : Regress(predictor, regression, source, parse.GetValue(limit), parse.GetValue(batchSize)!.Value);
            output.WriteLine(report.Summary);
            if (report is ClassificationReport classes && parse.GetValue(plot) is { } png)
            {
                ConfusionChart.Save(classes, png.FullName);
                output.WriteLine($"Wrote {png.FullName}.");
            }
            if (asJson) output.WriteLine(report.ToJson().ToJsonString());
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

    /// <summary>The model's [C, H, W] or [F] per sample, which the data's samples must have.</summary>
    private static int[] CheckedSampleShape(Predictor predictor, int[] data)
    {
        var expected = SampleShape(predictor);
        if (!expected.SequenceEqual(data))
            throw new UsageException($"The data's samples have shape [{string.Join(", ", data)}]; " +
                $"model '{predictor.ModelPath}' expects [{string.Join(", ", expected)}].");
        return expected;
    }

    /// <summary>A regression's loss, MAE and RMSE on the target columns of <c>csv:FILE:COLUMNS</c>, one per model output.</summary>
    private static RegressionReport Regress(Predictor predictor, RegressionMetadata regression, DataSource source, int? limit, int batchSize)
    {
        var data = source.LoadTargets(limit);
        if (data.NumClasses != regression.Targets.Count)
            throw new UsageException($"Model '{predictor.ModelPath}' predicts {regression.Targets.Count} target(s) ({string.Join(", ", regression.Targets)}); " +
                $"--data names {data.NumClasses} column(s) ({string.Join(", ", source.Columns)}).");
        var expected = CheckedSampleShape(predictor, data.SampleShape);
        var report = new RegressionReport(Graph.Losses.Loss.FromName(regression.Loss), data.NumClasses);
        foreach (var batch in data.Epoch(0, batchSize, shuffle: false, seed: 0))
            using (batch)
            {
                var predictions = predictor.Predict(TensorData.Of(batch.FeatureSpan.ToArray(), [batch.Count, .. expected.Select(d => (long)d)])).Floats;
                report.AddBatch(batch.LabelSpan, predictions);
            }
        return report;
    }

    /// <summary>Labelled data as training reads it: image files streamed unless small enough to decode first.</summary>
    private static IBatchSource Classes(DataSource source, int? limit, Preprocessing? preprocessing) =>
        TrainingData.Open(source, limit, preprocessing, new DataSettings(CacheMode.Auto, new PipelineOptions(), new BadFiles(skip: false))).ForEvaluation();

    private static ClassificationReport Classify(Predictor predictor, IBatchSource data, int batchSize, bool interactive, TextWriter output)
    {
        var expected = CheckedSampleShape(predictor, data.SampleShape);
        var report = new ClassificationReport(predictor.Labels.Count == data.NumClasses ? predictor.Labels : data.ClassNames);
        var batches = (data.Count + batchSize - 1) / batchSize;
        ConsoleProgress.Run(interactive, live =>
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
        report.Write(output);
        return report;
    }
}
