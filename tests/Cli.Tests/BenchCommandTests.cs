using System.Text.Json;

namespace Onnxdl.Cli.Tests;

/// <summary>bench: the JSON line a benchmark script reads, and its usage errors.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Several_epochs_with_a_validation_split_report_the_rate_over_the_trained_samples()
    {
        var result = Cli.Run("bench", "--model", "mlp", "--samples", "1000", "--batch-size", "50", "--epochs", "2", "--validation-split", "0.2");

        Assert.True(result.Code == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        Assert.Equal("mlp", root.GetProperty("model").GetString());
        Assert.Equal(1000, root.GetProperty("samples").GetInt32());
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal(0.2, root.GetProperty("validation_split").GetDouble());
        var trained = 800.0 * 2; // the last 200 samples are held out
        var fit = root.GetProperty("fit_s").GetDouble(); // rounded to 10 ms
        Assert.InRange(root.GetProperty("samples_per_s").GetDouble(), trained / (fit + 0.0051), trained / (fit - 0.0051));
        Assert.True(root.GetProperty("steady_samples_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("peak_mb").GetDouble() > 0);
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0.5, 1); // 10 classes: chance is 0.1
        // models/mlp.json: Dense 784→128 (forward + weight gradient) and 128→10 (also the input gradient), 2 FLOPs per MAC
        var mflop = 2.0 * (2 * 784 * 128 + 3 * 128 * 10) / 1e6;
        Assert.Equal(Math.Round(mflop, 2), root.GetProperty("train_mflop_per_sample").GetDouble());
        Assert.Equal(root.GetProperty("samples_per_s").GetDouble() * mflop / 1000, root.GetProperty("gflops").GetDouble(), 0.051);
    }

    [Fact]
    public void The_csv_benchmark_reads_every_row_and_reports_its_rate()
    {
        var result = Cli.Run("bench", "--csv", "2000").Succeeded();

        using var json = JsonDocument.Parse(result.LastLine);
        var root = json.RootElement;
        Assert.Equal((2000, 9), (root.GetProperty("csv_rows").GetInt32(), root.GetProperty("columns").GetInt32()));
        var median = root.GetProperty("median_s").GetDouble(); // rounded to 0.1 ms
        Assert.InRange(root.GetProperty("rows_per_s").GetDouble(), 2000 / (median + 0.00005) - 1, 2000 / Math.Max(median - 0.00005, 1e-9) + 1);
    }

    [Theory]
    [InlineData("--validation-split", "1")]
    [InlineData("--epochs", "0")]
    public void Out_of_range_values_are_usage_errors(string option, string value)
    {
        var result = Cli.Run("bench", "--model", "mlp", "--samples", "100", option, value);
        Assert.Equal(2, result.Code);
        Assert.Contains(option, result.Err);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_shipped_ones()
    {
        var result = Cli.Run("bench", "--model", "convnett");
        Assert.Equal(2, result.Code);
        Assert.Contains("'convnett'", result.Err);
        var shipped = Directory.EnumerateFiles(Repo.Path("models"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Contains($"expected one of {string.Join(", ", shipped)}", result.Err);
    }
}
