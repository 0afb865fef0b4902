using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Onnxdl.Cli;

/// <summary>
/// The HTTP service of <c>onnxdl serve</c>: Kestrel with the <see cref="ServedModels"/>, one shared
/// <see cref="Runtime.Predictor"/> each. Routes: <c>POST /predict</c>, <c>GET /health</c>, <c>GET /metadata</c> (the first
/// model), the Open Inference Protocol under <c>/v2</c> (<see cref="V2Endpoints"/>) and <c>GET /metrics</c>. Stops on
/// cancellation, Ctrl-C or SIGTERM: Kestrel stops accepting, batches waiting to fill run at once, and requests in flight
/// are answered before the container disposes the batchers and the sessions.
/// </summary>
internal sealed class PredictionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PredictionServer(WebApplication app) => _app = app;

    /// <summary>The addresses Kestrel is listening on, with the real port when 0 was asked for.</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>The first model: the one <c>/predict</c> and <c>/metadata</c> answer for.</summary>
    public ServedModel Model => Models.Default;

    public ServedModels Models => _app.Services.GetRequiredService<ServedModels>();

    /// <summary>The server's Prometheus metrics.</summary>
    public ServeMetrics Metrics => _app.Services.GetRequiredService<ServeMetrics>();

    /// <summary>Loads the model (so a bad model or device fails before listening), then starts listening.</summary>
    public static async Task<PredictionServer> StartAsync(ServeOptions options, CancellationToken cancellation)
    {
        var server = new PredictionServer(Build(options));
        try
        {
            _ = server.Models;
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
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServeMetrics>();
        builder.Services.AddSingleton<ServedModels>();

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ServeMetrics>();
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var hungUp = false;
            try
            {
                await next(context);
            }
            catch (Exception e) when (RequestErrors.IsHangUp(context, e))
            {
                hungUp = true; // reading the body or writing the reply failed for a client that is gone: nobody is left to answer
            }
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.Answered(route, hungUp ? RequestErrors.ClientClosedRequest : context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        });
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<ServedModels>().Flush());
        app.MapPost("/predict", PredictEndpoint.Handle);
        app.MapGet("/health", context => HttpReplies.Json(context, new JsonObject { ["status"] = "ok" }));
        app.MapGet("/metadata", MetadataEndpoint.Handle);
        V2Endpoints.Map(app);
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }
}
