using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using Onnxdl.Runtime;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli;

/// <summary>Reading the files commands are given; a missing or malformed file is a usage error naming it.</summary>
internal static class InputFiles
{
    public static string ReadText(FileInfo file) =>
        file.Exists ? File.ReadAllText(file.FullName) : throw new UsageException($"File '{file}' does not exist.");

    /// <summary>A model spec (JSON).</summary>
    public static Sequential LoadSpec(FileInfo spec)
    {
        if (!spec.Exists) throw new UsageException($"Model spec '{spec}' does not exist.");
        return ModelSpec.Load(spec.FullName);
    }

    public static bool IsOnnx(FileInfo file) => file.Extension.Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The network to train: a spec (.json) with fresh weights, or a model.onnx written by onnxdl with its
    /// trained weights (the architecture comes from its <c>onnxdl.spec</c> metadata).
    /// </summary>
    public static Sequential LoadNetwork(FileInfo file)
    {
        if (!IsOnnx(file)) return LoadSpec(file);
        if (!file.Exists) throw new UsageException($"Model '{file}' does not exist.");
        var model = ModelSerializer.Load(file.FullName);
        var spec = model.GetMetadata(MetadataKeys.Spec) ?? throw new UsageException(
            $"Model '{file}' has no '{MetadataKeys.Spec}' metadata, so onnxdl did not write it and cannot rebuild its layers; " +
            "'onnxdl finetune' trains other ONNX models.");
        var network = ModelSpec.Parse(spec, $"{file} ({MetadataKeys.Spec})");
        var names = network.ParameterInfos.Select(p => p.Name).ToHashSet();
        network.SetParameters(model.Graph.Initializers.Where(t => names.Contains(t.Name)).ToDictionary(t => t.Name));
        return network;
    }

    /// <summary>Loads a model for inference; a CPU fallback is announced on stderr.</summary>
    public static Predictor LoadPredictor(FileInfo model, string device)
    {
        if (!model.Exists) throw new UsageException($"Model '{model}' does not exist.");
        var predictor = Predictor.Load(model.FullName, Runtime.Device.Parse(device));
        WarnOnFallback(predictor);
        return predictor;
    }

    public static void WarnOnFallback(Predictor predictor)
    {
        if (predictor.Choice.FallbackReason is { } why) Console.Error.WriteLine($"warning: {why}; running on CPU.");
    }
}
