using Onnxdl.Augment;

namespace Onnxdl.Cli.Tests;

/// <summary>The pure parts: the classification report's arithmetic and the --data grammar.</summary>
public class ReportAndSourceTests
{
    [Fact]
    public void Classification_report_matches_hand_computed_values()
    {
        var report = new ClassificationReport(["a", "b"]);
        report.Add(0, [0.9f, 0.1f]);  // right
        report.Add(0, [0.2f, 0.8f]);  // wrong: predicted b
        report.Add(1, [0.4f, 0.6f]);  // right
        report.Add(1, [1f, 0f]);      // wrong, p(true) = 0 is clipped to 1e-7

        Assert.Equal(0.5, report.Accuracy);
        Assert.Equal(-(Math.Log(0.9f) + Math.Log(0.2f) + Math.Log(0.6f) + Math.Log(1e-7)) / 4, report.Loss, 12);
        Assert.Equal(1, report[0, 1]);
        Assert.Equal(0.5, report.Precision(0)); // predicted a: samples 1 and 4, one right
        Assert.Equal(0.5, report.Recall(1));    // class b: samples 3 and 4, one found
    }

    [Theory]
    [InlineData("fashion-mnist", DataKind.FashionMnist, FashionMnist.DefaultDirectory, true, "")]
    [InlineData("fashion-mnist:test", DataKind.FashionMnist, FashionMnist.DefaultDirectory, false, "")]
    [InlineData("idx:/data/mnist", DataKind.Idx, "/data/mnist", true, "")]
    [InlineData("idx:/data/mnist:test", DataKind.Idx, "/data/mnist", false, "")]
    [InlineData("folder:images/train", DataKind.Folder, "images/train", true, "")]
    [InlineData("csv:C:/x/iris.csv:species", DataKind.Csv, "C:/x/iris.csv", true, "species")]
    public void Data_sources_parse(string text, DataKind kind, string path, bool train, string label) =>
        Assert.Equal(new DataSource(kind, path, train, label), DataSource.Parse(text));

    [Fact]
    public void A_csv_source_may_name_several_target_columns() =>
        Assert.Equal(["y1", "y2"], DataSource.Parse("csv:data/xy.csv:y1, y2").Columns);

    [Fact]
    public void Only_a_csv_source_has_real_valued_targets() =>
        Assert.Contains("Real-valued targets come from csv:FILE:COLUMN",
            Assert.Throws<UsageException>(() => DataSource.Parse("fashion-mnist").LoadTargets()).Message);

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist:validation")]
    [InlineData("folder:")]
    [InlineData("csv:file.csv")]
    [InlineData("csv:file.csv:")]
    public void Bad_data_sources_name_the_accepted_forms(string text)
    {
        var e = Assert.Throws<UsageException>(() => DataSource.Parse(text));
        Assert.Contains(DataSource.Forms, e.Message);
    }
}
