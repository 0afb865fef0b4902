using Onnxdl.Runtime;
using ScottPlot;

namespace Onnxdl.Cli;

/// <summary>
/// <c>curves.png</c>: loss, and the first metric when there is one, per epoch, training vs validation, side by side.
/// The legends sit below the panels, where they cover no data; <see cref="YRange"/> keeps the y-axes honest.
/// </summary>
internal static class CurvesChart
{
    public const int PanelWidth = 560, Height = 440;

    public static void Save(History history, string path)
    {
        var names = history.Epochs.SelectMany(e => e.Keys).Distinct()
            .Where(n => n != "lr" && !n.StartsWith("val_", StringComparison.Ordinal)).ToList();
        var panels = names.Take(2).ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (var i = 0; i < panels.Count; i++) Panel(multiplot.GetPlot(i), history, panels[i]);
        multiplot.SavePng(path, PanelWidth * panels.Count, Height);
    }

    private static void Panel(Plot plot, History history, string metric)
    {
        double[] epochs = [.. Enumerable.Range(1, history.Epochs.Count).Select(e => (double)e)];
        var drawn = new List<double>();
        foreach (var (name, label) in new[] { (metric, "train"), ("val_" + metric, "validation") })
        {
            double[] values = [.. history[name]];
            if (values.All(double.IsNaN)) continue;
            var line = plot.Add.Scatter(epochs, values);
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            drawn.AddRange(values.Where(double.IsFinite));
        }
        var (low, high, fraction) = YRange(metric, drawn);
        plot.Title(metric, size: 18);
        plot.XLabel("epoch", size: 15);
        plot.YLabel(fraction ? $"{metric} (fraction, 0–1)" : metric, size: 15);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsX(0.8, epochs.Length + 0.2);
        plot.Axes.SetLimitsY(low, high);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 13;
    }

    /// <summary>
    /// The y-axis of <paramref name="metric"/>: 0..1 for an accuracy (a fraction), otherwise the values' range widened by
    /// 8% each side (±0.05 for a flat line), so no point sits on the frame: an error (mae) below 1 is no fraction.
    /// </summary>
    public static (double Low, double High, bool Fraction) YRange(string metric, IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return (0, 1, false);
        if (metric.Contains("acc", StringComparison.Ordinal) && values.All(v => v is >= 0 and <= 1)) return (0, 1, true);
        var (min, max) = (values.Min(), values.Max());
        var pad = max > min ? (max - min) * 0.08 : 0.05;
        return (min - pad, max + pad, false);
    }
}
