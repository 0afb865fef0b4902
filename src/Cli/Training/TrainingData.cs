using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The data of one training run: classes (one-hot targets) decoded into memory or, for image files (<c>folder:</c>,
/// <c>list:</c>), streamed batch by batch so memory does not grow with the number of files (both give the same batches
/// for the same seed); or real-valued <see cref="Targets"/> from the CSV columns <see cref="TargetNames"/> for a regression loss.
/// </summary>
internal sealed class TrainingData
{
    private readonly ArrayDataset? _arrays;
    private readonly ImageFolder? _files;
    private readonly Preprocessing? _preprocessing;
    private readonly PipelineOptions _pipeline;

    private TrainingData(ArrayDataset? arrays, ImageFolder? files, TargetArraySource? targets, IReadOnlyList<string> targetNames,
        Preprocessing? preprocessing, PipelineOptions pipeline, BadFiles badFiles) =>
        (_arrays, _files, Targets, TargetNames, _preprocessing, _pipeline, BadFiles) = (arrays, files, targets, targetNames, preprocessing, pipeline, badFiles);

    /// <summary>A regression's real-valued targets; null for classes.</summary>
    public TargetArraySource? Targets { get; }

    /// <summary>The CSV columns of <see cref="Targets"/>; empty for classes.</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>The files skipped as undecodable so far (shared by the training and the test data of a run).</summary>
    public BadFiles BadFiles { get; }

    /// <summary>Samples, or image files before any is found bad.</summary>
    public int Count => Targets?.Count ?? _arrays?.Count ?? _files!.Count;

    /// <summary>Values per target row: classes, or target columns.</summary>
    private int Width => Targets?.NumClasses ?? _arrays?.NumClasses ?? _files!.ClassNames.Count;

    private IReadOnlyList<string> ClassNames => _arrays?.ClassNames ?? _files!.ClassNames;

    /// <summary>Data already in memory.</summary>
    public static TrainingData InMemory(ArrayDataset data) => new(data, null, null, [], null, new PipelineOptions(), new BadFiles(skip: false));

    /// <summary>
    /// Loads <paramref name="source"/> as <paramref name="loss"/> needs it: a CSV file's columns are real-valued targets for a
    /// regression loss; everything else is classes (one-hot, which MSE also takes, as in Keras), see <see cref="Open"/>.
    /// </summary>
    public static TrainingData Load(DataSource source, Loss loss, int? limit, Preprocessing? preprocessing, DataSettings settings) =>
        loss.IsRegression && source.Kind == DataKind.Csv
            ? new(null, null, source.LoadTargets(limit), source.Columns, null, settings.Pipeline, settings.BadFiles)
            : Open(source, limit, preprocessing, settings);

    /// <summary>
    /// Classes: lists the image files of <paramref name="source"/> and streams them, or decodes them into memory when
    /// <see cref="DataSettings.InMemory"/> says so; other sources load into memory as always.
    /// </summary>
    public static TrainingData Open(DataSource source, int? limit, Preprocessing? preprocessing, DataSettings settings)
    {
        if (!source.IsImageFolder || preprocessing is null)
            return new(source.Load(limit, preprocessing, settings.BadFiles), null, null, [], null, settings.Pipeline, settings.BadFiles);
        var files = source.Images(limit);
        return settings.InMemory(files.Count, preprocessing)
            ? new(files.Load(preprocessing, settings.BadFiles), null, null, [], null, settings.Pipeline, settings.BadFiles)
            : new(null, files, null, [], preprocessing, settings.Pipeline, settings.BadFiles);
    }

    /// <summary>The targets must be as wide as <paramref name="network"/>'s output; a usage error says which side has how many.</summary>
    public void CheckFits(Functional network)
    {
        var outputs = network.OutputShape[^1];
        if (network.OutputShape.Length != 1 || outputs == Width) return;
        throw new UsageException(Targets is null
            ? $"The data has {Width} classes ({string.Join(", ", ClassNames.Take(5))}{(Width > 5 ? ", …" : "")}); model '{network.Name}' " +
              $"outputs {outputs} value(s) per sample. For real-valued targets use a regression loss: --loss {string.Join(" or ", Loss.RegressionNames)}."
            : $"The data has {Width} target column(s) ({string.Join(", ", TargetNames)}); model '{network.Name}' outputs {outputs} value(s) per sample.");
    }

    /// <summary>Trains <paramref name="model"/> on this data (the validation split taken from its end).</summary>
    public History Fit(Model model, FitOptions options, IReadOnlyList<IAugmentation> augmentations)
    {
        if (Targets is not null)
            return augmentations.Count == 0 ? model.Fit(Targets, options)
                : throw new UsageException("--augment works on classes (images, mixup); regression targets take none.");
        return _arrays is not null
            ? model.Fit(_arrays, options, augmentations)
            : model.Fit(_files!, _preprocessing!, options, augmentations, _pipeline, BadFiles);
    }

    /// <summary>The whole data in order, unaugmented, to evaluate on.</summary>
    public IBatchSource ForEvaluation() =>
        Targets is not null ? Targets
        : _arrays is not null ? BatchSource.FromArrays(_arrays)
        : BatchSource.StreamImageFolder(_files!, _preprocessing!, options: _pipeline, badFiles: BadFiles);

    /// <summary>
    /// Scores <paramref name="model"/> on this data in inference mode, recomputing loss and metrics from its predictions.
    /// Data-parallel, each rank scores its share of the batches (see <see cref="Model.Evaluate"/>) and the sums are reduced.
    /// </summary>
    public IEvaluationReport Evaluate(Model model, Loss loss, int batchSize = 256)
    {
        var data = ForEvaluation();
        IEvaluationReport report;
        if (Targets is not null)
        {
            var regression = new RegressionReport(loss, Width);
            model.Evaluate(data, batchSize, (batch, predictions) => regression.AddBatch(batch.LabelSpan, predictions));
            report = regression;
        }
        else
        {
            var classification = new ClassificationReport(data.ClassNames);
            model.Evaluate(data, batchSize, (batch, predictions) => classification.AddBatch(batch.LabelSpan, predictions));
            report = classification;
        }
        if (model.Communicator is { Size: > 1 } communicator) report.Reduce(communicator);
        return report;
    }
}
