using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Onnxdl.Cli;

/// <summary>
/// The HTTP service of <c>onnxdl serve</c>: Kestrel with one shared <see cref="Runtime.Predictor"/> registered through
/// <c>AddOnnxPredictor</c>. Routes: <c>POST /predict</c>, <c>GET /health</c>, <c>GET /metadata</c>. Stops on
/// cancellation, Ctrl-C or SIGTERM; disposing it disposes the container and with it the model's session.
/// </summary>
internal sealed class PredictionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PredictionServer(WebApplication app) => _app = app;

    /// <summary>The addresses Kestrel is listening on, with the real port when 0 was asked for.</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    public ServedModel Model => _app.Services.GetRequiredService<ServedModel>();

    /// <summary>Loads the model (so a bad model or device fails before listening), then starts listening.</summary>
    public static async Task<PredictionServer> StartAsync(ServeOptions options, CancellationToken cancellation)
    {
        var server = new PredictionServer(Build(options));
        try
        {
            _ = server.Model;
            await server._app.StartAsync(cancellation);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the server has stopped: <paramref name="cancellation"/>, Ctrl-C or SIGTERM.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation) => _app.WaitForShutdownAsync(cancellation);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static WebApplication Build(ServeOptions options)
    {
        // Slim and without args: neither appsettings.json nor ASPNETCORE_* command-line settings should change what the user asked for.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Server warnings go to stderr; stdout is the tool's own output. The host's startup-failure log would
        // repeat, with a stack trace, the exception ErrorReporter reports anyway.
        builder.Logging.ClearProviders()
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddOnnxPredictor(o =>
        {
            o.ModelPath = options.ModelPath;
            o.Device = options.Device;
        });
        builder.Services.AddSingleton<ServedModel>();

        var app = builder.Build();
        app.MapPost("/predict", PredictEndpoint.Handle);
        app.MapGet("/health", context => HttpReplies.Json(context, new JsonObject { ["status"] = "ok" }));
        app.MapGet("/metadata", MetadataEndpoint.Handle);
        return app;
    }
}
