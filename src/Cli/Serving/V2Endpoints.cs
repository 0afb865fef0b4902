using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// The REST API of the Open Inference Protocol (KServe v2, what Triton and its clients speak), with Triton's binary
/// tensor data extension: health, server and model metadata, model readiness and inference, for every served model.
/// </summary>
internal static class V2Endpoints
{
    /// <summary>The protocol extensions this server implements, as <c>GET /v2</c> lists them.</summary>
    public static readonly string[] Extensions = ["binary_tensor_data"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2");
        v2.MapGet("", ServerMetadata);
        v2.MapGet("/health/live", context => HttpReplies.Json(context, new JsonObject { ["live"] = true }));
        v2.MapGet("/health/ready", context => HttpReplies.Json(context, new JsonObject { ["ready"] = true }));
        foreach (var model in new[] { "/models/{name}", "/models/{name}/versions/{version}" })
        {
            v2.MapGet(model, ModelMetadata);
            v2.MapGet(model + "/ready", ModelReady);
            v2.MapPost(model + "/infer", Infer);
        }
    }

    private static Task ServerMetadata(HttpContext context) => HttpReplies.Json(context, new JsonObject
    {
        ["name"] = "onnxdl",
        ["version"] = typeof(V2Endpoints).Assembly.GetName().Version?.ToString(3),
        ["extensions"] = new JsonArray([.. Extensions.Select(e => (JsonNode)e)]),
    });

    private static Task ModelMetadata(HttpContext context) => Answer(context, model => HttpReplies.Json(context, new JsonObject
    {
        ["name"] = model.Name,
        ["versions"] = new JsonArray(model.Version),
        ["platform"] = TritonModelConfig.Platform,
        ["inputs"] = Tensors(model.Predictor.Inputs),
        ["outputs"] = Tensors(model.Predictor.Outputs),
    }));

    private static Task ModelReady(HttpContext context) =>
        Answer(context, model => HttpReplies.Json(context, new JsonObject { ["name"] = model.Name, ["ready"] = true }));

    private static Task Infer(HttpContext context) => Answer(context, async model =>
    {
        using var body = await PooledBuffer.ReadAsync(context.Request.Body, context.Request.ContentLength, context.RequestAborted);
        var jsonLength = JsonLength(context.Request.Headers[InferResponseWriter.HeaderLength], body.Length);
        // Binary tensors are slices of the body until the response is written; the request disposes it too (idempotent).
        using var request = InferRequestReader.Read(body, jsonLength);
        var outputs = await model.InferAsync(request);
        await InferResponseWriter.WriteAsync(context, model, request, outputs);
    });

    private static int JsonLength(string? header, int bodyLength)
    {
        if (string.IsNullOrEmpty(header)) return bodyLength;
        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > bodyLength)
            throw new UsageException($"Header {InferResponseWriter.HeaderLength} must be the JSON part's length in bytes, at most the body's {bodyLength}; received '{header}'.");
        return length;
    }

    /// <summary>Finds the route's model and runs <paramref name="handle"/>; failures become 400/404/500 replies.</summary>
    private static async Task Answer(HttpContext context, Func<ServedModel, Task> handle)
    {
        ServedModel? model = null;
        try
        {
            var values = context.Request.RouteValues;
            model = context.RequestServices.GetRequiredService<ServedModels>().Find((string)values["name"]!, values["version"] as string);
            await handle(model);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            await RequestErrors.Reply(context, e, model);
        }
    }

    private static JsonArray Tensors(IReadOnlyList<ValueInfo> values) => new([.. values.Select(v => (JsonNode)new JsonObject
    {
        ["name"] = v.Name,
        ["datatype"] = InferRequestValidation.DatatypeOf(v),
        ["shape"] = new JsonArray([.. v.Type.Dims.Select(d => (JsonNode)d)]),
    })]);
}
