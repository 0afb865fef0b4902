using System.Text.Json;
using System.Text.Json.Nodes;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Cli;

/// <summary>
/// What model.onnx says about a regression (<see cref="MetadataKeys.Regression"/>): the loss it was trained with and
/// the target columns, in output order. <c>evaluate</c> reads it to report loss, MAE and RMSE instead of classes.
/// </summary>
internal sealed record RegressionMetadata(string Loss, IReadOnlyList<string> Targets)
{
    public string ToJson() => new JsonObject { ["loss"] = Loss, ["targets"] = new JsonArray([.. Targets.Select(t => (JsonNode?)t)]) }.ToJsonString();

    /// <summary>The model's regression metadata, or null for a model without it (a classifier); malformed metadata is a usage error naming the model.</summary>
    public static RegressionMetadata? Of(IReadOnlyDictionary<string, string> metadata, string model)
    {
        if (!metadata.TryGetValue(MetadataKeys.Regression, out var json)) return null;
        try
        {
            var node = JsonNode.Parse(json)!.AsObject();
            return new RegressionMetadata(node["loss"]!.GetValue<string>(), [.. node["targets"]!.AsArray().Select(t => t!.GetValue<string>())]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new UsageException($"Model '{model}': metadata '{MetadataKeys.Regression}' is not {{\"loss\":…,\"targets\":[…]}}: {json}");
        }
    }
}
