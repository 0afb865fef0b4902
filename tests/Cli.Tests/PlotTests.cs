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
}
