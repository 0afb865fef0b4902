using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The data of a run: classes (<see cref="Classes"/>, one-hot targets) for a classification loss, or real-valued
/// <see cref="Targets"/> from the CSV columns <see cref="TargetNames"/> for a regression loss.
/// </summary>
internal sealed record TrainingData(ArrayDataset? Classes, TargetArraySource? Targets, IReadOnlyList<string> TargetNames)
{
    public static implicit operator TrainingData(ArrayDataset classes) => new(classes, null, []);

    /// <summary>
    /// Loads <paramref name="source"/> as <paramref name="loss"/> needs it: a CSV file's columns are real-valued targets for a
    /// regression loss; everything else is classes (one-hot, which MSE also takes, as in Keras).
    /// </summary>
    public static TrainingData Load(DataSource source, Loss loss, int? limit = null, Preprocessing? images = null) =>
        loss.IsRegression && source.Kind == DataKind.Csv
            ? new TrainingData(null, source.LoadTargets(limit), source.Columns)
            : source.Load(limit, images);

    public int Count => Classes?.Count ?? Targets!.Count;

    /// <summary>Values per target row: classes, or target columns.</summary>
    private int Width => Classes?.NumClasses ?? Targets!.NumClasses;

    /// <summary>The targets must be as wide as <paramref name="network"/>'s output; a usage error says which side has how many.</summary>
    public void CheckFits(Sequential network)
    {
        var outputs = network.OutputShape[^1];
        if (network.OutputShape.Length != 1 || outputs == Width) return;
        throw new UsageException(Targets is null
            ? $"The data has {Width} classes ({string.Join(", ", Classes!.ClassNames.Take(5))}{(Width > 5 ? ", …" : "")}); model '{network.Name}' " +
              $"outputs {outputs} value(s) per sample. For real-valued targets use a regression loss: --loss {string.Join(" or ", Loss.RegressionNames)}."
            : $"The data has {Width} target column(s) ({string.Join(", ", TargetNames)}); model '{network.Name}' outputs {outputs} value(s) per sample.");
    }

    public History Fit(Model model, FitOptions options, IReadOnlyList<IAugmentation> augmentations)
    {
        if (Targets is null) return model.Fit(Classes!, options, augmentations);
        if (augmentations.Count > 0) throw new UsageException("--augment works on classes (images, mixup); regression targets take none.");
        return model.Fit(Targets, options);
    }

    /// <summary>
    /// Scores <paramref name="model"/> on this data in inference mode, recomputing loss and metrics from its predictions.
    /// Data-parallel, each rank scores its share of the batches (see <see cref="Model.Evaluate"/>) and the sums are reduced.
    /// </summary>
    public IEvaluationReport Evaluate(Model model, Loss loss, int batchSize = 256)
    {
        IEvaluationReport report;
        if (Targets is { } targets)
        {
            var regression = new RegressionReport(loss, targets.NumClasses);
            model.Evaluate(targets, batchSize, (batch, predictions) => regression.AddBatch(batch.LabelSpan, predictions));
            report = regression;
        }
        else
        {
            var classification = new ClassificationReport(Classes!.ClassNames);
            model.Evaluate(BatchSource.FromArrays(Classes), batchSize, (batch, predictions) => classification.AddBatch(batch.LabelSpan, predictions));
            report = classification;
        }
        if (model.Communicator is { Size: > 1 } communicator) report.Reduce(communicator);
        return report;
    }
}
