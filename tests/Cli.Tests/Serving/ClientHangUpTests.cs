using System.Net;
using System.Net.Sockets;
using System.Text;
using Onnxdl.Runtime;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// Clients that stop in the middle of a request body, as a load generator's connections do when its time is up. Each
/// request uses <c>Expect: 100-continue</c>, so the client knows the server has begun reading the body before it stops
/// (without it, a close could overtake the request, which the server would then never see).
/// </summary>
public class ClientHangUpTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    private const string Route = "route=\"/v2/models/{name}/infer\"";

    private Task<PredictionServer> Start() => PredictionServer.StartAsync(
        new ServeOptions([new ModelSource("tiny", fixture.BareModel)], "http://127.0.0.1:0", Device.Cpu, 1 << 20, BatchingOptions.Default),
        CancellationToken.None);

    /// <summary>Sends the headers of a 1,000-byte JSON request, waits for the server's 100 Continue, then sends a few body bytes.</summary>
    private static async Task<(Socket Socket, NetworkStream Stream)> StartBody(Uri url)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(url.Host, url.Port);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var head = $"POST /v2/models/tiny/infer HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n" +
                   "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reply = await ReadHead(stream);
        Assert.StartsWith("HTTP/1.1 100", reply, StringComparison.Ordinal);
        await stream.WriteAsync("{\"inputs\": ["u8.ToArray());
        return (socket, stream);
    }

    /// <summary>Reads one response head (up to the blank line).</summary>
    private static async Task<string> ReadHead(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1) head.Append((char)one[0]);
        return head.ToString();
    }

    /// <summary>
    /// Starts a request body, closes the connection (with a reset, as a killed client's kernel does, or in order), waits
    /// until the server has counted the request, checks it still answers, and returns the inference route's count lines.
    /// </summary>
    private async Task<List<string>> CountsAfterClosingMidBody(bool reset)
    {
        await using var server = await Start();
        var url = new Uri(server.Urls[0]);
        using var client = new HttpClient { BaseAddress = url };

        var (socket, stream) = await StartBody(url);
        if (reset) socket.LingerState = new LingerOption(true, 0);
        stream.Dispose();
        socket.Dispose();

        // The count lands when the server is done with the request: wait for a non-zero count of the route.
        var counts = RouteCounts(await MetricsScrape.Until(client, m => RouteCounts(m).Any(l => !l.EndsWith(" 0", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready")).StatusCode);
        return counts;
    }

    /// <summary>The inference route's request-count lines of a /metrics scrape.</summary>
    private static List<string> RouteCounts(string metrics) =>
        [.. metrics.Split('\n').Where(l => l.StartsWith($"onnxdl_http_requests_total{{{Route}", StringComparison.Ordinal))];

    /// <summary>A reset connection is counted as a hang-up (499), never as a malformed request (400) or a server failure (500).</summary>
    [Fact]
    public async Task A_client_resetting_its_connection_mid_body_is_counted_as_a_hang_up() =>
        Assert.Equal([$"onnxdl_http_requests_total{{{Route},status=\"499\"}} 1"], await CountsAfterClosingMidBody(reset: true));

    /// <summary>
    /// An orderly close (FIN) mid-body reads as a body that ended early (a 400, logged at Debug as Kestrel logs bad request
    /// data) or, when Kestrel has already signalled the abort, as a hang-up (499): which of the two depends on Kestrel's
    /// timing, but it is never a server failure and never counted twice.
    /// </summary>
    [Fact]
    public async Task A_client_closing_its_connection_mid_body_is_a_bad_request_or_a_hang_up_not_a_server_failure()
    {
        var counted = await CountsAfterClosingMidBody(reset: false);
        Assert.True(counted is [var line] && (line.EndsWith("status=\"400\"} 1", StringComparison.Ordinal) || line.EndsWith("status=\"499\"} 1", StringComparison.Ordinal)),
            $"expected one request counted as 400 or 499, got: {string.Join(" | ", counted)}");
    }
}
