namespace Onnxdl.Runtime;

/// <summary>Adapts an <see cref="IProgressReporter"/> to the callback protocol.</summary>
public sealed class ProgressCallback(IProgressReporter reporter, int epochs) : Callback
{
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private int _batches;

    /// <summary>Sets how many batches an epoch has, for progress reporting.</summary>
    public void SetBatchesPerEpoch(int batches) => _batches = batches;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, TrainingControl control)
    {
        _clock.Restart();
        reporter.EpochStarted(epoch, epochs, _batches);
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs) =>
        reporter.BatchEnded(epoch, batch, batches, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) =>
        reporter.EpochEnded(epoch, epochs, logs, _clock.Elapsed);
}
