using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary><c>GET /metadata</c>: the model's inputs and outputs, labels, preprocessing and the device it really runs on.</summary>
internal static class MetadataEndpoint
{
    public static Task Handle(HttpContext context)
    {
        var model = context.RequestServices.GetRequiredService<ServedModels>().Default;
        var predictor = model.Predictor;
        var body = new JsonObject
        {
            ["model"] = predictor.Name,
            ["inputs"] = Values(predictor.Inputs),
            ["outputs"] = Values(predictor.Outputs),
            ["labels"] = new JsonArray([.. predictor.Labels.Select(l => (JsonNode)l)]),
            ["preprocessing"] = model.Images is { } images ? JsonNode.Parse(images.Preprocessing.ToJson()) : null,
            ["preprocessingSource"] = model.Images is null ? null : model.Images.PreprocessingFromMetadata ? "metadata" : "input shape",
            ["device"] = new JsonObject
            {
                ["requested"] = predictor.Choice.Requested.ToString(),
                ["actual"] = predictor.Choice.Actual.ToString(),
                ["fallbackReason"] = predictor.Choice.FallbackReason,
            },
        };
        return HttpReplies.Json(context, body);
    }

    private static JsonArray Values(IReadOnlyList<ValueInfo> values) => new([.. values.Select(v => (JsonNode)new JsonObject
    {
        ["name"] = v.Name,
        ["type"] = v.Type.ElementType.OnnxName(),
        // Fixed dims as numbers, symbolic ones (the batch "N") as their names.
        ["shape"] = v.Type.Shape is { } shape ? new JsonArray([.. shape.Select(d => d.Value is { } n ? JsonValue.Create(n) : (JsonNode)d.ToString())]) : null,
    })]);
}
