namespace Onnxdl.Cli.Tests;

/// <summary>The PNGs of train and evaluate --plot, rendered from a tiny run and read back as pictures.</summary>
public class PlotTests
{
    [Fact]
    public void Train_and_evaluate_draw_readable_curves_and_a_confusion_matrix()
    {
        using var dir = new TempDir();
        var outDir = dir.File("run");
        Cli.Run("train", "--model", Cli.TinySpec(dir), "--data", "fashion-mnist", "--limit", "300", "--epochs", "2",
            "--validation-split", "0.2", "--out", outDir, "--quiet").Succeeded();
        var plot = dir.File("confusion.png");
        Cli.Run("evaluate", "--model", Path.Combine(outDir, "model.onnx"), "--data", "fashion-mnist:test", "--limit", "300", "--plot", plot).Succeeded();

        PngChecks.Curves(Path.Combine(outDir, "curves.png"), panels: 2);
        PngChecks.Confusion(plot);
    }

    [Fact]
    public void The_loss_axis_spans_the_losses_with_a_margin_and_a_fraction_metric_spans_zero_to_one()
    {
        Assert.Equal((0.636, 1.564, false), Rounded(CurvesChart.YRange("loss", [1.5, 0.7, 0.9])));
        Assert.Equal((0.45, 0.55, false), Rounded(CurvesChart.YRange("loss", [0.5, 0.5])));
        Assert.Equal((0.0, 1.0, true), Rounded(CurvesChart.YRange("accuracy", [0.5, 0.74])));
        Assert.Equal((1.84, 4.16, false), Rounded(CurvesChart.YRange("mae", [2.0, 4.0])));
        Assert.Equal((0.184, 0.416, false), Rounded(CurvesChart.YRange("mae", [0.2, 0.4]))); // an error below 1 is no fraction
    }

    private static (double, double, bool) Rounded((double Low, double High, bool Fraction) range) =>
        (Math.Round(range.Low, 9), Math.Round(range.High, 9), range.Fraction);
}
