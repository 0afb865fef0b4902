namespace Onnxdl.Augment.Tests;

/// <summary>CSV through Sep: RFC 4180 quoting, regression targets, and the errors a bad file gets.</summary>
public class CsvTests
{
    [Fact]
    public void A_quoted_field_may_hold_the_separator_and_doubled_quotes()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("people.csv"), "author,age,score\n\"Smith, J.\",41,0.5\n\"O\"\"Brien\", 30 ,1\n\"Smith, J.\",52,-2\n");

        var data = CsvDataset.Load(dir.File("people.csv"), "author");

        // RFC 4180, section 2: the comma inside quotes is data, "" is one quote; the split reader saw four fields.
        Assert.Equal(["O\"Brien", "Smith, J."], data.ClassNames);
        Assert.Equal([1, 0, 1], data.Labels);
        Assert.Equal([41f, 0.5f, 30f, 1f, 52f, -2f], data.Features);
    }

    [Fact]
    public void Targets_are_the_named_columns_in_the_order_given_and_the_rest_are_features()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("t.csv"), "y2,x1,y1,x2\n10,1,-1.5,2\n\n20,3,2.25,4\n");

        var data = CsvDataset.LoadTargets(dir.File("t.csv"), ["y1", "y2"]);

        Assert.Equal((2, 2), (data.Count, data.NumClasses));
        Assert.Equal([2], data.SampleShape);
        var batch = Assert.Single(data.Epoch(0, 8, shuffle: false, seed: 0));
        Assert.Equal([1f, 2f, 3f, 4f], batch.FeatureSpan.ToArray());
        Assert.Equal([-1.5f, 10f, 2.25f, 20f], batch.LabelSpan.ToArray());
    }

    [Fact]
    public void A_file_without_a_header_line_is_refused_naming_its_first_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bare.csv"), "1,2,7\n3,4,9\n");

        var error = Assert.Throws<DataException>(() => CsvDataset.LoadTargets(dir.File("bare.csv"), ["y"]));

        Assert.Contains("no header line", error.Message);
        Assert.Contains("(1,2,7)", error.Message);
        Assert.Equal(dir.File("bare.csv"), error.Path);
    }

    [Theory]
    [InlineData("x,y\n1,2\n3\n", "bad.csv:3: 1 fields; the header has 2")]
    [InlineData("x,y\n1,2\n3,seven\n", "bad.csv:3: column 'y' holds 'seven'; expected a number (a regression target)")]
    [InlineData("x,y\n\"1,5\",2\n", "bad.csv:2: column 'x' holds '1,5'; expected a number")]
    [InlineData("x,y,x\n1,2,3\n", "'x' found 2 times")]
    [InlineData("x,y\n", "no data rows")]
    [InlineData("", "is empty")]
    [InlineData("x,z\n1,2\n", "no column 'y'; columns: x, z")]
    public void Bad_rows_are_refused_naming_the_file_line_and_column(string text, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.csv"), text);

        var error = Assert.Throws<DataException>(() => CsvDataset.LoadTargets(dir.File("bad.csv"), ["y"]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Feature_rows_read_every_column_as_a_number()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("x.csv"), "x1,\"x 2\"\n7,8\n3,4\n");

        var (features, rows, columns) = CsvDataset.LoadFeatures(dir.File("x.csv"));

        Assert.Equal([7f, 8f, 3f, 4f], features);
        Assert.Equal(2, rows);
        Assert.Equal(["x1", "x 2"], columns);
    }
}
