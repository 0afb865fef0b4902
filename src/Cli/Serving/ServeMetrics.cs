using Prometheus;

namespace Onnxdl.Cli;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (so two servers in one process never share counters):
/// requests by route and status, request latency, rows per model run and the time requests wait for their batch.
/// </summary>
internal sealed class ServeMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Histogram _batchRows;
    private readonly Histogram _queueWait;

    public ServeMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("onnxdl_http_requests_total", "HTTP requests answered, by route and status code.", ["route", "status"]);
        _latency = factory.CreateHistogram("onnxdl_http_request_duration_seconds", "Time from a request's arrival to its response, by route.", ["route"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        _batchRows = factory.CreateHistogram("onnxdl_batch_size", "Rows (samples) per model run, by model.", ["model"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 10) });
        _queueWait = factory.CreateHistogram("onnxdl_queue_duration_seconds", "Time a request waited for its batch's model run, by model.", ["model"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00001, 2, 16) });
    }

    /// <summary>Where <c>GET /metrics</c> reads from.</summary>
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Answered(string route, int status, TimeSpan elapsed)
    {
        _requests.WithLabels(route, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        _latency.WithLabels(route).Observe(elapsed.TotalSeconds);
    }

    public void Ran(string model, int rows) => _batchRows.WithLabels(model).Observe(rows);

    public void Waited(string model, TimeSpan wait) => _queueWait.WithLabels(model).Observe(wait.TotalSeconds);
}
