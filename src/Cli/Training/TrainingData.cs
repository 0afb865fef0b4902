using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The data of one training run: decoded into memory, or image files (<c>folder:</c>, <c>list:</c>) streamed batch by
/// batch, so memory does not grow with the number of files. Both give the same batches for the same seed.
/// </summary>
internal sealed class TrainingData
{
    private readonly ArrayDataset? _arrays;
    private readonly ImageFolder? _files;
    private readonly Preprocessing? _preprocessing;
    private readonly PipelineOptions _pipeline;

    private TrainingData(ArrayDataset? arrays, ImageFolder? files, Preprocessing? preprocessing, PipelineOptions pipeline, BadFiles badFiles) =>
        (_arrays, _files, _preprocessing, _pipeline, BadFiles) = (arrays, files, preprocessing, pipeline, badFiles);

    /// <summary>The files skipped as undecodable so far (shared by the training and the test data of a run).</summary>
    public BadFiles BadFiles { get; }

    /// <summary>Samples, or image files before any is found bad.</summary>
    public int Count => _arrays?.Count ?? _files!.Count;

    /// <summary>Data already in memory.</summary>
    public static TrainingData InMemory(ArrayDataset data) => new(data, null, null, new PipelineOptions(), new BadFiles(skip: false));

    /// <summary>
    /// Lists the image files of <paramref name="source"/> and streams them, or decodes them into memory when
    /// <see cref="DataSettings.InMemory"/> says so; other sources load into memory as always.
    /// </summary>
    public static TrainingData Open(DataSource source, int? limit, Preprocessing? preprocessing, DataSettings settings)
    {
        if (!source.IsImageFolder || preprocessing is null)
            return new(source.Load(limit, preprocessing, settings.BadFiles), null, null, settings.Pipeline, settings.BadFiles);
        var files = source.Images(limit);
        return settings.InMemory(files.Count, preprocessing)
            ? new(files.Load(preprocessing, settings.BadFiles), null, null, settings.Pipeline, settings.BadFiles)
            : new(null, files, preprocessing, settings.Pipeline, settings.BadFiles);
    }

    /// <summary>Trains <paramref name="model"/> on this data (the validation split taken from its end).</summary>
    public History Fit(Model model, FitOptions options, IEnumerable<IAugmentation> augmentations) => _arrays is not null
        ? model.Fit(_arrays, options, augmentations)
        : model.Fit(_files!, _preprocessing!, options, augmentations, _pipeline, BadFiles);

    /// <summary>The whole data in order, unaugmented, to evaluate on.</summary>
    public IBatchSource ForEvaluation() => _arrays is not null
        ? BatchSource.FromArrays(_arrays)
        : BatchSource.StreamImageFolder(_files!, _preprocessing!, options: _pipeline, badFiles: BadFiles);
}
