using System.Diagnostics;
using System.Threading.Channels;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Merges concurrent requests to one model into one session run: a single loop takes the first waiting request, adds
/// the requests queued behind it (waiting at most <c>maxQueueDelay</c> from the first one's arrival) until the batch
/// has <c>maxRows</c> rows, runs it and hands each request its rows. Requests arrive validated; should a merged run
/// still fail, each of its requests is run alone, so one request's failure is never another's.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Predictor _predictor;
    private readonly string _model;
    private readonly int _maxRows;
    private readonly TimeSpan _maxQueueDelay;
    private readonly ServeMetrics _metrics;
    private readonly Task _loop;
    private Pending? _held;

    public DynamicBatcher(Predictor predictor, string model, int maxRows, TimeSpan maxQueueDelay, ServeMetrics metrics)
    {
        (_predictor, _model, _maxRows, _maxQueueDelay, _metrics) = (predictor, model, maxRows, maxQueueDelay, metrics);
        _loop = Task.Run(Loop);
    }

    private sealed record Pending(InferRequest Request, int Rows, long Arrived)
    {
        public TaskCompletionSource<OutputRows> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues <paramref name="request"/> (<paramref name="rows"/> rows) for the next batch.</summary>
    public Task<OutputRows> InferAsync(InferRequest request, int rows)
    {
        var pending = new Pending(request, rows, Stopwatch.GetTimestamp());
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(DynamicBatcher), "The server is shutting down.");
        return pending.Result.Task;
    }

    /// <summary>Stops waiting for batches to fill: what is queued runs at once (the server is draining).</summary>
    public void Flush() => _stopping.Cancel();

    private async Task Loop()
    {
        while (await NextBatch() is { Count: > 0 } batch) Run(batch);
    }

    private async Task<List<Pending>> NextBatch()
    {
        var batch = new List<Pending>();
        var first = _held ?? await Next();
        _held = null;
        if (first is null) return batch;
        batch.Add(first);
        var rows = first.Rows;
        var deadline = first.Arrived + (long)(_maxQueueDelay.TotalSeconds * Stopwatch.Frequency);
        while (rows < _maxRows)
        {
            if (_queue.Reader.TryRead(out var next))
            {
                if (rows + next.Rows > _maxRows || !SameSampleShape(first.Request, next.Request))
                {
                    _held = next;
                    break;
                }
                batch.Add(next);
                rows += next.Rows;
            }
            else if (!await WaitForMore(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline)))
            {
                break;
            }
        }
        return batch;
    }

    private async Task<Pending?> Next() =>
        await _queue.Reader.WaitToReadAsync() && _queue.Reader.TryRead(out var next) ? next : null;

    /// <summary>Waits up to <paramref name="remaining"/> for another request; false when none came, or the server is draining.</summary>
    private async Task<bool> WaitForMore(TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero || _stopping.IsCancellationRequested) return false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(remaining);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool SameSampleShape(InferRequest a, InferRequest b) =>
        a.Inputs.All(x => b.Inputs.First(y => y.Name == x.Name).Shape.AsSpan(1).SequenceEqual(x.Shape.AsSpan(1)));

    private void Run(List<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var pending in batch) _metrics.Waited(_model, Stopwatch.GetElapsedTime(pending.Arrived, started));
        Execute(batch);
    }

    /// <summary>Runs <paramref name="batch"/> merged; should that fail, each of its requests alone (each a run of its own).</summary>
    private void Execute(List<Pending> batch)
    {
        _metrics.Ran(_model, batch.Sum(p => p.Rows));
        try
        {
            var results = BatchExecution.RunMerged(_predictor, [.. batch.Select(p => p.Request)], [.. batch.Select(p => p.Rows)]);
            for (var i = 0; i < batch.Count; i++) batch[i].Result.SetResult(results[i]);
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch) Execute([pending]);
        }
        catch (Exception e)
        {
            batch[0].Result.SetException(e);
        }
    }

    /// <summary>Runs what is queued, then ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        Flush();
        _queue.Writer.TryComplete();
        await _loop;
        _stopping.Dispose();
    }
}
