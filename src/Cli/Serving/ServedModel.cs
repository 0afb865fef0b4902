using Onnxdl.Augment;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// One served model: its <see cref="Predictor"/>, its <see cref="ImageClassifier"/> when it takes images (a tensor-only
/// model is still served; image requests then get <see cref="WhyNoImages"/>) and, when its inputs and outputs all have
/// a dynamic first dimension and batching is on, the <see cref="DynamicBatcher"/> its inference requests go through.
/// </summary>
internal sealed class ServedModel : IAsyncDisposable
{
    private readonly DynamicBatcher? _batcher;

    public ServedModel(ModelSource source, Predictor predictor, BatchingOptions batching, ServeMetrics metrics)
    {
        (Name, Version, Predictor) = (source.Name, source.Version, predictor);
        HasBatchDimension = BatchesAlongFirstDimension(predictor);
        MaxBatchSize = HasBatchDimension ? batching.MaxBatchSize ?? source.ConfiguredMaxBatchSize ?? BatchingOptions.DefaultMaxBatchSize : 0;
        if (MaxBatchSize > 1) _batcher = new DynamicBatcher(predictor, Name, MaxBatchSize, batching.MaxQueueDelay, metrics);
        try
        {
            Images = new ImageClassifier(predictor);
        }
        catch (Exception e) when (e is ArgumentException or DataException)
        {
            WhyNoImages = e.Message;
        }
    }

    public string Name { get; }
    public string Version { get; }
    public Predictor Predictor { get; }
    public ImageClassifier? Images { get; }
    public string? WhyNoImages { get; }

    /// <summary>Whether every input and output has a dynamic first dimension, so requests can be merged along it.</summary>
    public bool HasBatchDimension { get; }

    /// <summary>Whether every input and output of <paramref name="predictor"/>'s model has a dynamic first dimension.</summary>
    public static bool BatchesAlongFirstDimension(Predictor predictor) =>
        predictor.Inputs.Concat(predictor.Outputs).All(v => v.Type.Shape is [{ Value: null }, ..]);

    /// <summary>The most rows merged into one run; 0 when the model has no batch dimension, 1 when batching is off.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Raised when a request joins the batcher's queue (lets a test act while a batch is still filling).</summary>
    public event Action? Queued;

    /// <summary>Checks <paramref name="request"/> against the model, then runs it, merged with others when batching is on.</summary>
    public Task<OutputRows> InferAsync(InferRequest request)
    {
        var rows = InferRequestValidation.Check(this, request);
        if (_batcher is null) return Task.FromResult(BatchExecution.RunAlone(Predictor, request));
        var result = _batcher.InferAsync(request, rows);
        Queued?.Invoke();
        return result;
    }

    /// <summary>Stops waiting for batches to fill (the server is draining).</summary>
    public void Flush() => _batcher?.Flush();

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null) await _batcher.DisposeAsync();
        Predictor.Dispose();
    }
}
