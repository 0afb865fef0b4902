using ScottPlot;

namespace Onnxdl.Cli;

/// <summary>
/// <c>confusion.png</c>: the confusion matrix as a heat map filling its frame, true classes down, predicted classes
/// across, the count in every cell (black on light cells, white on dark ones) and each class's recall (its row's
/// diagonal share) in a column at the right.
/// </summary>
internal static class ConfusionChart
{
    public const int Width = 900, Height = 800;

    public static void Save(ClassificationReport report, string path)
    {
        var k = report.ClassNames.Count;
        var counts = new double[k, k];
        for (var a = 0; a < k; a++)
            for (var p = 0; p < k; p++) counts[a, p] = report[a, p];
        var most = Math.Max(1, counts.Cast<double>().Max());
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, most);
        // Cell (row a, column p) covers x ∈ [p, p+1], y ∈ [k-1-a, k-a]: row 0 at the top.
        heatmap.Rectangle = new CoordinateRect(0, k, 0, k);
        for (var a = 0; a < k; a++)
            for (var p = 0; p < k; p++) Count(plot, counts[a, p], heatmap.Colormap.GetColor(counts[a, p] / most), p + 0.5, k - a - 0.5);
        Axes(plot, report, k);
        plot.Title($"confusion matrix (accuracy {report.Accuracy:F4}, {report.Count} samples)", size: 18);
        plot.SavePng(path, Width, Height);
    }

    private static void Count(Plot plot, double count, Color cell, double x, double y)
    {
        var text = plot.Add.Text(count.ToString("0", System.Globalization.CultureInfo.InvariantCulture), x, y);
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelFontSize = 14;
        text.LabelBold = true;
        text.LabelFontColor = IsLight(cell) ? Colors.Black : Colors.White;
    }

    /// <summary>Relative luminance (sRGB weights) above one half.</summary>
    private static bool IsLight(Color color) => (0.2126 * color.R + 0.7152 * color.G + 0.0722 * color.B) / 255 > 0.5;

    /// <summary>Limits exactly at the cell edges; class names on both axes; recall per row on the right axis.</summary>
    private static void Axes(Plot plot, ClassificationReport report, int k)
    {
        double[] centres = [.. Enumerable.Range(0, k).Select(i => i + 0.5)];
        string[] names = [.. report.ClassNames];
        double[] rows = [.. centres.Select(c => k - c)];
        plot.HideGrid();
        plot.Axes.SetLimits(0, k, 0, k);
        plot.Axes.SetLimitsY(0, k, plot.Axes.Right);
        plot.Axes.Bottom.SetTicks(centres, names);
        plot.Axes.Left.SetTicks(rows, names);
        plot.Axes.Right.SetTicks(rows, [.. Enumerable.Range(0, k).Select(a => double.IsNaN(report.Recall(a)) ? "recall –" : $"recall {report.Recall(a):F2}")]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = 100;
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right }) axis.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.Label.Text = "predicted class";
        plot.Axes.Left.Label.Text = "true class";
        plot.Axes.Right.Label.Text = "recall (row-normalised)";
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right }) axis.Label.FontSize = 16;
    }
}
