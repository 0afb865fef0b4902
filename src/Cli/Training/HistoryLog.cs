using System.Globalization;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// Rewrites history.csv after every epoch, so an interrupted or diverged run keeps its rows; a resumed
/// run starts from the file's rows for the epochs its checkpoint holds and appends the new ones.
/// </summary>
internal sealed class HistoryLog(string path, bool resume) : Callback
{
    public History History { get; } = new();

    /// <summary>Rows carried over from the run being resumed.</summary>
    public int PriorEpochs { get; private set; }

    public override void OnTrainBegin(TrainingControl control)
    {
        if (resume && File.Exists(path)) History.Epochs.AddRange(Read(path).Take(control.Model.Epoch));
        PriorEpochs = History.Epochs.Count;
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        History.Epochs.Add(new Dictionary<string, double>(logs));
        Graph.AtomicFile.WriteAllText(path, History.ToCsv());
    }

    /// <summary>Reads <see cref="History.ToCsv"/>'s format back (the epoch column is the row order).</summary>
    public static List<Dictionary<string, double>> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) return [];
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => line.Split(',')
            .Select((field, i) => (Name: header[i], Field: field))
            .Where(c => c.Name != "epoch" && c.Field.Length > 0)
            .ToDictionary(c => c.Name, c => double.Parse(c.Field, CultureInfo.InvariantCulture)))];
    }
}
