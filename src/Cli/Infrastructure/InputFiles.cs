using Onnx.Graph.Layers;
using Onnx.Runtime;

namespace Onnx.Cli;

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
