using Spectre.Console;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Cli;

/// <summary>
/// Classification results computed here from predicted probabilities, independent of the training graph:
/// categorical cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7], as Keras does), accuracy, the
/// confusion matrix (rows: true class, columns: predicted) and per-class precision and recall.
/// </summary>
internal sealed class ClassificationReport(IReadOnlyList<string> classNames)
{
    private const double Epsilon = 1e-7;
    private readonly long[,] _confusion = new long[classNames.Count, classNames.Count];
    private double _lossSum;

    public IReadOnlyList<string> ClassNames { get; } = classNames;
    public long Count { get; private set; }
    public double Loss => _lossSum / Count;
    public double Accuracy => Enumerable.Range(0, ClassNames.Count).Sum(k => _confusion[k, k]) / (double)Count;
    public long this[int actual, int predicted] => _confusion[actual, predicted];

    public void Add(int label, ReadOnlySpan<float> probabilities)
    {
        _confusion[label, TensorPrimitives.IndexOfMax(probabilities)]++;
        _lossSum -= Math.Log(Math.Clamp(probabilities[label], Epsilon, 1 - Epsilon));
        Count++;
    }

    /// <summary>Adds a batch: one-hot (or mixed) label rows, the class being the largest entry of each.</summary>
    public void AddBatch(ReadOnlySpan<float> labelRows, ReadOnlySpan<float> probabilities)
    {
        var k = ClassNames.Count;
        for (var i = 0; i < labelRows.Length / k; i++)
        {
            var row = labelRows.Slice(i * k, k);
            Add(TensorPrimitives.IndexOfMax(row), probabilities.Slice(i * k, k));
        }
    }

    /// <summary>Sums every rank's counts and losses, so each rank reports over all ranks' samples.</summary>
    public void Reduce(Runtime.ICommunicator communicator)
    {
        var n = ClassNames.Count;
        var sums = new double[n * n + 2];
        for (var a = 0; a < n; a++)
            for (var p = 0; p < n; p++) sums[a * n + p] = _confusion[a, p];
        (sums[^2], sums[^1]) = (_lossSum, Count);
        communicator.AllReduceSum(sums);
        for (var a = 0; a < n; a++)
            for (var p = 0; p < n; p++) _confusion[a, p] = (long)sums[a * n + p];
        (_lossSum, Count) = (sums[^2], (long)sums[^1]);
    }

    /// <summary>Of the samples predicted as <paramref name="k"/>, the fraction that are (NaN when none were).</summary>
    public double Precision(int k) => _confusion[k, k] / (double)Enumerable.Range(0, ClassNames.Count).Sum(a => _confusion[a, k]);

    /// <summary>Of the samples of class <paramref name="k"/>, the fraction found (NaN when there are none).</summary>
    public double Recall(int k) => _confusion[k, k] / (double)Enumerable.Range(0, ClassNames.Count).Sum(p => _confusion[k, p]);

    /// <summary>The confusion matrix with recall and precision per class, as a plain-text table.</summary>
    public void Write(TextWriter output)
    {
        var table = new Table().Border(TableBorder.Simple).Title("confusion matrix (rows: true class, columns: predicted)");
        table.AddColumn("class");
        for (var k = 0; k < ClassNames.Count; k++) table.AddColumn(new TableColumn(k.ToString()).RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        table.AddColumn(new TableColumn("precision").RightAligned());
        for (var a = 0; a < ClassNames.Count; a++)
        {
            var row = new List<string> { Markup.Escape($"{a} {ClassNames[a]}") };
            for (var p = 0; p < ClassNames.Count; p++) row.Add(_confusion[a, p].ToString());
            row.Add($"{Recall(a):F3}");
            row.Add($"{Precision(a):F3}");
            table.AddRow([.. row]);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        console.Write(table);
    }
}
