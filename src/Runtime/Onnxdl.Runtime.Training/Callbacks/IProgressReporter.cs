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
