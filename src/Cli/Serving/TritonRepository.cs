using System.Globalization;
using Onnxdl.Graph;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// A Triton model repository: <c>DIR/NAME/config.pbtxt</c> and <c>DIR/NAME/VERSION/model.onnx</c>. <see cref="Add"/>
/// writes a model into one; <see cref="Scan"/> lists what <c>onnxdl serve --model-repository</c> serves from one (each
/// model's highest version, as Triton's default version policy does).
/// </summary>
internal static class TritonRepository
{
    public const string ConfigFile = "config.pbtxt";
    public const string ModelFile = "model.onnx";

    /// <summary>
    /// Copies <paramref name="modelPath"/> to <c>REPO/NAME/1/model.onnx</c> (with its external data files) and writes its <c>config.pbtxt</c> (and
    /// <c>labels.txt</c> when the model has labels). <paramref name="maxBatchSize"/> null: 32 for a model with a batch
    /// dimension, 0 otherwise. Returns the model's folder.
    /// </summary>
    public static string Add(string modelPath, string name, string repository, int? maxBatchSize, bool gpu)
    {
        if (!ModelSource.IsValidName(name))
            throw new UsageException($"--name '{name}' must be letters, digits, '_', '-' or '.' (it becomes a folder and a URL segment).");
        using var predictor = Predictor.Load(modelPath);
        var batched = ServedModel.BatchesAlongFirstDimension(predictor);
        if (maxBatchSize > 0 && !batched)
            throw new UsageException($"--max-batch-size {maxBatchSize}: {predictor.Name} cannot be batched, as not every input and output has a dynamic first dimension; use 0.");
        var folder = Path.Combine(repository, name);
        var version = Path.Combine(folder, "1");
        Directory.CreateDirectory(version);
        File.Copy(modelPath, Path.Combine(version, ModelFile), overwrite: true);
        CopyExternalData(modelPath, version);
        File.WriteAllText(Path.Combine(folder, ConfigFile), TritonModelConfig.Write(predictor, name, maxBatchSize ?? (batched ? BatchingOptions.DefaultMaxBatchSize : 0), gpu));
        if (predictor.Labels.Count > 0) File.WriteAllLines(Path.Combine(folder, TritonModelConfig.LabelFile), predictor.Labels);
        return folder;
    }

    /// <summary>
    /// Copies the files the model reads its external tensor data from into <paramref name="version"/>, at the same places
    /// relative to the model (ONNX resolves them against the model's folder), so the repository stands on its own.
    /// </summary>
    private static void CopyExternalData(string modelPath, string version)
    {
        var from = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        foreach (var location in ModelSerializer.ExternalDataFiles(modelPath))
        {
            var target = Path.Combine(version, location);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(from, location), target, overwrite: true);
        }
    }

    /// <summary>Every model folder of <paramref name="repository"/> (one with a <c>config.pbtxt</c>), sorted by name.</summary>
    public static IReadOnlyList<ModelSource> Scan(string repository)
    {
        if (!Directory.Exists(repository)) throw new UsageException($"--model-repository '{repository}' is not a folder.");
        var models = Directory.GetDirectories(repository)
            .Where(d => File.Exists(Path.Combine(d, ConfigFile)))
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        return models.Count > 0
            ? models
            : throw new UsageException($"--model-repository '{repository}' has no model folders (NAME/{ConfigFile} with NAME/1/{ModelFile}).");
    }

    private static ModelSource Read(string folder)
    {
        var name = Path.GetFileName(folder);
        var config = Path.Combine(folder, ConfigFile);
        var versions = Directory.GetDirectories(folder)
            .Select(Path.GetFileName)
            .Where(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _) && File.Exists(Path.Combine(folder, v!, ModelFile)))
            .OrderBy(v => long.Parse(v!, CultureInfo.InvariantCulture))
            .ToList();
        var latest = versions.LastOrDefault()
            ?? throw new UsageException($"Model folder '{folder}' has no version folder with a {ModelFile} (expected {name}/1/{ModelFile}).");
        return new ModelSource(name, Path.Combine(folder, latest, ModelFile), latest, TritonModelConfig.MaxBatchSize(File.ReadAllText(config), config));
    }
}
