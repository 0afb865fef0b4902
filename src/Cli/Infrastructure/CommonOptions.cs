using System.CommandLine;
using Onnx.Runtime;

namespace Onnx.Cli;

/// <summary>Options and small helpers shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "Execution device: cpu, cuda or cuda:ID.",
        DefaultValueFactory = _ => "cpu",
    };

    public static string ReadText(FileInfo file) =>
        file.Exists ? File.ReadAllText(file.FullName) : throw new UsageException($"File '{file}' does not exist.");

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
