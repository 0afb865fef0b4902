using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>
/// What a failed request is told, and what the server's log keeps. The client gets the status and a message about its
/// request that names the model by its served name (<see cref="Runtime.Predictor.Name"/>, the file name), never a path
/// on the server; an unexpected failure (500) tells the client nothing of its cause. The log gets the model's full path
/// and the whole exception; HTTP-level rejections (a truncated body, one over the size limit) are logged at Debug, as
/// Kestrel logs bad request data, so a client cut off mid-request does not fill the log with warnings.
/// </summary>
internal static class RequestErrors
{
    /// <summary>The message of an unexpected failure; its cause is in the server's log only.</summary>
    public const string Internal = "The server failed to run the model; its log has the details.";

    /// <summary>The status a request is counted under when its client hung up before the reply (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>
    /// Replies to <paramref name="failure"/>, a failure of the request in <paramref name="context"/> to
    /// <paramref name="served"/> (null when the request named no served model), and logs it.
    /// </summary>
    public static Task Reply(HttpContext context, Exception failure, ServedModel? served)
    {
        var model = served?.Predictor.ModelPath ?? "no model";
        var log = context.RequestServices.GetRequiredService<ILogger<ServedModel>>();
        if (IsHangUp(context, failure))
        {
            // The connection broke while the request was read (a load generator stopping mid-request): nobody is left to
            // answer, it is neither the client's error nor the server's, and the metrics count it apart from 400s.
            log.LogDebug("{Method} {Path} ({Model}): the client closed the connection ({Reason})", context.Request.Method, context.Request.Path, model, failure.Message);
            context.Response.StatusCode = ClientClosedRequest;
            return Task.CompletedTask;
        }
        var (status, message) = Classify(context, failure);
        if (status >= StatusCodes.Status500InternalServerError)
            log.LogError(failure, "{Method} {Path} ({Model}) failed", context.Request.Method, context.Request.Path, model);
        else
            log.Log(failure is BadHttpRequestException ? LogLevel.Debug : LogLevel.Warning,
                "{Method} {Path} ({Model}) rejected with {Status}: {Reason}", context.Request.Method, context.Request.Path, model, status, failure.Message);
        return HttpReplies.Error(context, status, message);
    }

    /// <summary>
    /// Whether <paramref name="failure"/> means the client's connection broke: the request was aborted, or reading or writing
    /// failed on the connection (a reset, an abort). Kestrel signals <see cref="HttpContext.RequestAborted"/> from the thread
    /// pool, possibly after the read has already failed, so the exception's kind is what tells; a malformed or truncated
    /// request (<see cref="BadHttpRequestException"/>, itself an <see cref="IOException"/>) is the client's error instead.
    /// </summary>
    public static bool IsHangUp(HttpContext context, Exception failure) =>
        context.RequestAborted.IsCancellationRequested || failure is OperationCanceledException || failure is IOException and not BadHttpRequestException;

    private static (int Status, string Message) Classify(HttpContext context, Exception failure) => failure switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge,
             $"The request body is larger than the server's limit ({context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes)."),
        BadHttpRequestException e => (e.StatusCode, e.Message),
        NotFoundException => (StatusCodes.Status404NotFound, failure.Message),
        UsageException or ArgumentException or DataException or JsonException => (StatusCodes.Status400BadRequest, failure.Message),
        _ => (StatusCodes.Status500InternalServerError, Internal),
    };
}
