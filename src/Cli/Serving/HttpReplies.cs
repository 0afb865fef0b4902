using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Onnxdl.Cli;

/// <summary>JSON responses; every error is <c>{"error":"…"}</c> with its status code.</summary>
internal static class HttpReplies
{
    public static Task Json(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK) =>
        Json(context, body.ToJsonString(), status);

    public static async Task Json(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static Task Error(HttpContext context, int status, string message) =>
        Json(context, new JsonObject { ["error"] = message }, status);
}
