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
    public static Functional LoadSpec(FileInfo spec)
    {
        if (!spec.Exists) throw new UsageException($"Model spec '{spec}' does not exist.");
        return ModelSpec.Load(spec.FullName);
    }

    public static bool IsOnnx(FileInfo file) => file.Extension.Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The network to train: a spec (.json) with fresh weights, or a model.onnx written by onnxdl with its
    /// trained weights (the architecture comes from its <c>onnxdl.spec</c> metadata).
    /// </summary>
    public static Functional LoadNetwork(FileInfo file)
    {
        if (!IsOnnx(file)) return LoadSpec(file);
        if (!file.Exists) throw new UsageException($"Model '{file}' does not exist.");
        var model = ModelSerializer.Load(file.FullName);
        ModelChecker.ThrowIfInvalid(model, file.ToString());
        var spec = model.GetMetadata(MetadataKeys.Spec) ?? throw new UsageException(
            $"Model '{file}' has no '{MetadataKeys.Spec}' metadata, so onnxdl did not write it and cannot rebuild its layers; " +
            "'onnxdl finetune' trains other ONNX models.");
        var network = ModelSpec.Parse(spec, $"{file} ({MetadataKeys.Spec})");
        var names = network.ParameterInfos.Select(p => p.Name).ToHashSet();
        network.SetParameters(model.Graph.Initializers.Where(t => names.Contains(t.Name)).ToDictionary(t => t.Name));
        return network;
    }

    /// <summary>Loads a model for inference by <paramref name="command"/>; a CPU fallback is announced on stderr.</summary>
    public static Predictor LoadPredictor(FileInfo model, string device, string command)
    {
        CheckTrainedModel(model, command);
        var predictor = Predictor.Load(model.FullName, Runtime.Device.Parse(device));
        WarnOnFallback(predictor);
        return predictor;
    }

    /// <summary>
    /// The model <paramref name="command"/> runs must exist and be a trained model, not a JSON model spec; a spec gets a
    /// usage error that says how to train one.
    /// </summary>
    public static void CheckTrainedModel(FileInfo model, string command)
    {
        if (!model.Exists) throw new UsageException($"Model '{model}' does not exist.");
        if (IsJsonSpec(model))
            throw new UsageException(
                $"'{model}' is a model spec (JSON), not a trained model; {command} needs a trained model.onnx. Train one first: " +
                $"onnxdl train --model {model} --data fashion-mnist --out out, then onnxdl {command} --model out/model.onnx.");
    }

    /// <summary>A JSON document starts with '{' after whitespace (and a byte-order mark); an ONNX protobuf never does.</summary>
    private static bool IsJsonSpec(FileInfo file)
    {
        using var stream = file.OpenRead();
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        int next;
        while ((next = reader.Read()) >= 0 && char.IsWhiteSpace((char)next)) { }
        return next == '{';
    }

    public static void WarnOnFallback(Predictor predictor)
    {
        if (predictor.Choice.FallbackReason is { } why) Console.Error.WriteLine($"warning: {why}; running on CPU.");
    }
}
