using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Rewrites history.csv after every epoch, so an interrupted or diverged run keeps its rows; a resumed
/// run starts from the file's rows for the epochs its checkpoint holds and appends the new ones. With no
/// path (ranks other than 0 of an mpirun job) it only keeps the history in memory.
/// </summary>
internal sealed class HistoryLog(string? path, bool resume) : Callback
{
    public History History { get; } = new();

    /// <summary>Rows carried over from the run being resumed.</summary>
    public int PriorEpochs { get; private set; }

    public override void OnTrainBegin(TrainingControl control)
    {
        if (resume && path is not null && File.Exists(path)) History.Epochs.AddRange(History.FromCsv(File.ReadAllText(path)).Epochs.Take(control.Model.Epoch));
        PriorEpochs = History.Epochs.Count;
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        History.Epochs.Add(new Dictionary<string, double>(logs));
        if (path is not null) Graph.AtomicFile.WriteAllText(path, History.ToCsv());
    }
}
