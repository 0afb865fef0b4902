namespace Onnxdl.Runtime;

/// <summary>Progress of a running fit, for progress bars: one report per batch and one per epoch.</summary>
public interface IProgressReporter
{
    void EpochStarted(int epoch, int epochs, int batches);
    void BatchEnded(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs);
    void EpochEnded(int epoch, int epochs, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed);
}
