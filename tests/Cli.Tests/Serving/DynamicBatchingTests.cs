using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Onnxdl.Runtime;
using static Onnxdl.Cli.Tests.V2Client;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// Concurrent requests merged into batches: each answer equals a <see cref="Predictor"/>'s answer for that request
/// alone, malformed requests in the crowd get their own 400, and the metrics show how the batches were formed. The
/// queue delay is set far above what the test needs and asserted only as an upper bound: batches run the moment
/// they are full, so the test waits on requests, never on a timer.
/// </summary>
public class DynamicBatchingTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    private static readonly long[] OneImage = [1, 1, ImageModelFixture.Side, ImageModelFixture.Side];
    private static readonly TimeSpan LongDelay = TimeSpan.FromMinutes(2);

    private static float[] Pixels(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 64).Select(_ => random.NextSingle())];
    }

    private async Task<PredictionServer> Start(int maxBatchSize, CancellationToken cancellation = default) =>
        await PredictionServer.StartAsync(new ServeOptions([new ModelSource("tiny", fixture.BareModel)], "http://127.0.0.1:0", Device.Cpu, 1 << 20,
            new BatchingOptions(maxBatchSize, LongDelay)), cancellation);

    [Fact]
    public async Task Concurrent_requests_run_in_full_batches_and_each_gets_its_unbatched_answer()
    {
        const int batch = 8, requests = 32, malformed = 6;
        await using var server = await Start(batch);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        var output = fixture.Predictor.Outputs[0].Name;
        var inputs = Enumerable.Range(0, requests).Select(Pixels).ToArray();
        var clock = Stopwatch.StartNew();

        var good = inputs.Select((pixels, i) => client.PostAsync("/v2/models/tiny/infer",
            i % 2 == 0 ? JsonRequest("input", pixels, OneImage, id: $"r{i}") : BinaryRequest("input", pixels, OneImage, new JsonObject { ["binary_data_output"] = true }))).ToArray();
        var bad = Enumerable.Range(0, malformed).Select(_ => client.PostAsync("/v2/models/tiny/infer", JsonRequest("input", new float[16], [1, 1, 4, 4]))).ToArray();
        var responses = await Task.WhenAll(good);
        var rejected = await Task.WhenAll(bad);

        Assert.True(clock.Elapsed < LongDelay, $"took {clock.Elapsed}: a batch waited for its delay");
        Assert.All(rejected, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        for (var i = 0; i < requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            var (json, binary) = await Read(responses[i]);
            var actual = i % 2 == 0 ? Floats(json["outputs"]![0]!["data"]!) : binary[output];
            if (i % 2 == 0) Assert.Equal($"r{i}", (string)json["id"]!);
            Assert.Equal("[1,3]", json["outputs"]![0]!["shape"]!.ToJsonString());
            Close(Reference(fixture.Predictor, inputs[i], OneImage), actual);
        }

        var okCount = $"onnxdl_http_requests_total{{route=\"/v2/models/{{name}}/infer\",status=\"200\"}} {requests}";
        var rejectedCount = $"onnxdl_http_requests_total{{route=\"/v2/models/{{name}}/infer\",status=\"400\"}} {malformed}";
        var metrics = await MetricsScrape.UntilContains(client, okCount, rejectedCount);
        Assert.Contains($"onnxdl_batch_size_count{{model=\"tiny\"}} {requests / batch}", metrics, StringComparison.Ordinal);
        Assert.Contains($"onnxdl_batch_size_sum{{model=\"tiny\"}} {requests}", metrics, StringComparison.Ordinal);
        Assert.Contains($"onnxdl_queue_duration_seconds_count{{model=\"tiny\"}} {requests}", metrics, StringComparison.Ordinal);
        Assert.Contains(okCount, metrics, StringComparison.Ordinal);
        Assert.Contains(rejectedCount, metrics, StringComparison.Ordinal);
        Assert.Contains("onnxdl_http_request_duration_seconds_bucket{route=\"/v2/models/{name}/infer\",le=", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_runs_a_batch_still_waiting_to_fill_and_answers_it_before_stopping()
    {
        using var cancellation = new CancellationTokenSource();
        var server = await Start(maxBatchSize: 8, cancellation.Token);
        var running = server.WaitForShutdownAsync(cancellation.Token);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Model.Queued += () => queued.TrySetResult();
        var pixels = Pixels(seed: 99);
        var clock = Stopwatch.StartNew();

        var pending = client.PostAsync("/v2/models/tiny/infer", JsonRequest("input", pixels, OneImage));
        await queued.Task;
        await cancellation.CancelAsync();
        using var response = await pending;
        await running;
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < LongDelay, $"took {clock.Elapsed}: the batch waited for its delay");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Close(Reference(fixture.Predictor, pixels, OneImage), Floats((await Read(response)).Json["outputs"]![0]!["data"]!));
    }

    [Fact]
    public async Task A_model_whose_first_dimension_is_fixed_runs_each_request_alone()
    {
        using var dir = new TempDir();
        var model = dir.File("fixed.onnx");
        FixedBatchModel.Save(model);
        await using var server = await PredictionServer.StartAsync(new ServeOptions([new ModelSource("fixed", model)], "http://127.0.0.1:0", Device.Cpu, 1 << 20,
            new BatchingOptions(8, LongDelay)), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        using var reference = Predictor.Load(model);
        var inputs = Enumerable.Range(0, 4).Select(i => new[] { i, 1f, 2f, 3f, -i }).ToArray();

        var responses = await Task.WhenAll(inputs.Select(x => client.PostAsync("/v2/models/fixed/infer", JsonRequest("input", x, [1, 5]))));

        Assert.Equal(0, server.Model.MaxBatchSize);
        for (var i = 0; i < inputs.Length; i++)
            Close(Reference(reference, inputs[i], [1, 5]), Floats((await Read(responses[i])).Json["outputs"]![0]!["data"]!));
        const string okCount = "onnxdl_http_requests_total{route=\"/v2/models/{name}/infer\",status=\"200\"} 4";
        var metrics = await MetricsScrape.UntilContains(client, okCount);
        Assert.Contains(okCount, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxdl_batch_size_count", metrics, StringComparison.Ordinal);
    }
}
