namespace Onnxdl.Runtime;

/// <summary>Progress of a running fit, for progress bars: one report per batch and one per epoch.</summary>
public interface IProgressReporter
{
    /// <summary>An epoch of <paramref name="batches"/> batches started (epochs are 0-based).</summary>
    void EpochStarted(int epoch, int epochs, int batches);
    /// <summary>A batch ended, with the running logs of the epoch.</summary>
    void BatchEnded(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs);
    /// <summary>An epoch ended, with its logs and wall time.</summary>
    void EpochEnded(int epoch, int epochs, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed);
}

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
