using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Onnxdl.Cli;

/// <summary>
/// <c>POST /predict</c>: an encoded image (<c>image/*</c> or <c>application/octet-stream</c>) → label, probability and
/// the top classes (<c>?top=K</c>, default 5); JSON tensors (<c>application/json</c>) → every output as JSON tensors.
/// The client's mistakes get 400 (413 for a body over the limit, 415 for another content type); <see cref="RequestErrors"/>
/// words them without server paths.
/// </summary>
internal static class PredictEndpoint
{
    private const int DefaultTop = 5;

    public static async Task Handle(HttpContext context)
    {
        var model = context.RequestServices.GetRequiredService<ServedModels>().Default;
        try
        {
            var kind = KindOf(context.Request.ContentType);
            if (kind is null)
            {
                await HttpReplies.Error(context, StatusCodes.Status415UnsupportedMediaType,
                    $"Content-Type '{context.Request.ContentType}' is not supported; send image/* or application/octet-stream (an encoded image) or application/json (tensors).");
                return;
            }
            var body = await ReadBody(context);
            if (body.Length == 0)
            {
                await HttpReplies.Error(context, StatusCodes.Status400BadRequest, "The request body is empty; expected an encoded image or JSON tensors.");
                return;
            }
            await (kind == BodyKind.Json ? Tensors(context, model, body) : Image(context, model, body));
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            await RequestErrors.Reply(context, e, model);
        }
    }

    private enum BodyKind { Image, Json }

    private static BodyKind? KindOf(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => BodyKind.Json,
            "application/octet-stream" => BodyKind.Image,
            not null when mediaType.StartsWith("image/", StringComparison.Ordinal) => BodyKind.Image,
            _ => null,
        };
    }

    /// <summary>Reads the whole body; Kestrel enforces the size limit while reading (BadHttpRequestException, 413).</summary>
    private static async Task<byte[]> ReadBody(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static Task Tensors(HttpContext context, ServedModel model, byte[] body)
    {
        var inputs = TensorJson.Read(Encoding.UTF8.GetString(body), "request body");
        return HttpReplies.Json(context, TensorJson.Write(model.Predictor.Run(inputs)));
    }

    private static Task Image(HttpContext context, ServedModel model, byte[] body)
    {
        var images = model.Images ?? throw new UsageException($"This model does not take images: {model.WhyNoImages} Send application/json tensors.");
        var ranked = images.Classify(body, "request body", Top(context.Request.Query["top"]));
        return HttpReplies.Json(context, ClassificationJson.Of(ranked, withTop: true));
    }

    private static int Top(string? text)
    {
        if (string.IsNullOrEmpty(text)) return DefaultTop;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1
            ? k
            : throw new UsageException($"Query parameter top must be a whole number ≥ 1, received '{text}'.");
    }
}
