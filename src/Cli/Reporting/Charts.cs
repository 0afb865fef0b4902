using Onnxdl.Runtime;
using ScottPlot;

namespace Onnxdl.Cli;

/// <summary>The PNG charts of the tool (ScottPlot): training curves and the confusion-matrix heatmap.</summary>
internal static class Charts
{
    /// <summary>Loss, and the first metric when there is one, per epoch: training vs validation, side by side.</summary>
    public static void SaveCurves(History history, string path)
    {
        var names = history.Epochs.SelectMany(e => e.Keys).Distinct()
            .Where(n => n != "lr" && !n.StartsWith("val_", StringComparison.Ordinal)).ToList();
        var panels = names.Take(2).ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (var i = 0; i < panels.Count; i++) Curve(multiplot.GetPlot(i), history, panels[i]);
        multiplot.SavePng(path, 500 * panels.Count, 400);
    }

    private static void Curve(Plot plot, History history, string metric)
    {
        double[] epochs = [.. Enumerable.Range(1, history.Epochs.Count).Select(e => (double)e)];
        foreach (var (name, label) in new[] { (metric, "train"), ("val_" + metric, "validation") })
        {
            double[] values = [.. history[name]];
            if (values.All(double.IsNaN)) continue;
            var line = plot.Add.Scatter(epochs, values);
            line.LegendText = label;
        }
        plot.Title(metric);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend();
    }

    /// <summary>The confusion matrix as a heatmap, true classes down, predicted classes across.</summary>
    public static void SaveConfusion(ClassificationReport report, string path)
    {
        var k = report.ClassNames.Count;
        var counts = new double[k, k];
        for (var a = 0; a < k; a++)
            for (var p = 0; p < k; p++) counts[a, p] = report[a, p];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        double[] ticks = [.. Enumerable.Range(0, k).Select(i => (double)i)];
        string[] labels = [.. report.ClassNames];
        plot.Axes.Bottom.SetTicks(ticks, labels);
        plot.Axes.Left.SetTicks([.. ticks.Select(t => k - 1 - t)], labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Rotated class names hang below the axis: leave room for them above the axis label.
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Title($"confusion matrix (accuracy {report.Accuracy:F4})");
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.SavePng(path, 800, 700);
    }
}
