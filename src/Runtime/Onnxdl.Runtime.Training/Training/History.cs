using System.Globalization;

namespace Onnxdl.Runtime;

/// <summary>Per-epoch logs of a fit (loss, metrics, val_*, lr), in epoch order.</summary>
public sealed class History
{
    /// <summary>The logs of each epoch: loss, metrics, val_* and lr.</summary>
    public List<Dictionary<string, double>> Epochs { get; } = [];
    /// <summary>Why training stopped early (early stopping, NaN loss, interruption), or null.</summary>
    public string? StopReason { get; set; }
    /// <summary>Communication per step of a fit with a <see cref="Model.Communicator"/>, or null.</summary>
    public AllReduceStats? AllReduce { get; set; }

    /// <summary>One logged value per epoch (NaN where it was not logged).</summary>
    public IReadOnlyList<double> this[string metric] => [.. Epochs.Select(e => e.TryGetValue(metric, out var v) ? v : double.NaN)];

    /// <summary>CSV with an epoch column then one column per logged name.</summary>
    public string ToCsv()
    {
        var names = Epochs.SelectMany(e => e.Keys).Distinct().ToList();
        var lines = new List<string> { string.Join(",", ["epoch", .. names]) };
        lines.AddRange(Epochs.Select((e, i) => string.Join(",",
            [(i + 1).ToString(), .. names.Select(n => e.TryGetValue(n, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")])));
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Reads <see cref="ToCsv"/>'s format back (the epoch column is the row order; empty cells are absent values).</summary>
    public static History FromCsv(string csv)
    {
        var history = new History();
        var lines = csv.Split('\n').Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) return history;
        var header = lines[0].Split(',');
        history.Epochs.AddRange(lines.Skip(1).Select((line, row) =>
        {
            var fields = line.Split(',');
            if (fields.Length != header.Length)
                throw new FormatException($"History CSV row {row + 1} has {fields.Length} fields, the header has {header.Length}.");
            return fields.Select((field, i) => (Name: header[i], Field: field))
                .Where(c => c.Name != "epoch" && c.Field.Length > 0)
                .ToDictionary(c => c.Name, c => double.Parse(c.Field, CultureInfo.InvariantCulture));
        }));
        return history;
    }
}
