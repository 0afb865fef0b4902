namespace Onnxdl.Cli.Tests;

/// <summary>
/// Scrapes a server's /metrics until a condition holds, for at most 30 s, and returns the last scrape. The server counts a
/// request when its pipeline has finished, which can be just after the client has read the reply, and a labelled counter's
/// series can appear (at 0) a moment before its increment: a scrape right after a reply may not show the request yet.
/// </summary>
internal static class MetricsScrape
{
    public static async Task<string> Until(HttpClient client, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var metrics = await client.GetStringAsync("/metrics");
        while (!done(metrics) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            metrics = await client.GetStringAsync("/metrics");
        }
        return metrics;
    }

    /// <summary>Scrapes until every one of <paramref name="lines"/> is in the scrape.</summary>
    public static Task<string> UntilContains(HttpClient client, params string[] lines) =>
        Until(client, metrics => lines.All(l => metrics.Contains(l, StringComparison.Ordinal)));
}
