namespace Onnxdl.Runtime.Tests;

public class HistoryTests
{
    [Fact]
    public void FromCsv_reads_back_what_ToCsv_wrote_including_absent_cells()
    {
        var history = new History();
        history.Epochs.Add(new() { ["loss"] = 0.1, ["accuracy"] = 1.0 / 3, ["lr"] = 1e-3 });
        history.Epochs.Add(new() { ["loss"] = double.NaN, ["val_loss"] = 2.5e-9 });
        var csv = history.ToCsv();
        Assert.Equal("epoch,loss,accuracy,lr,val_loss\n1,0.1,0.3333333333333333,0.001,\n2,NaN,,,2.5E-09\n", csv);

        var read = History.FromCsv(csv);

        Assert.Equal(history.Epochs, read.Epochs);
    }

    [Fact]
    public void FromCsv_names_a_row_whose_fields_do_not_match_the_header()
    {
        var e = Assert.Throws<FormatException>(() => History.FromCsv("epoch,loss\n1,0.5\n2,0.4,0.3\n"));
        Assert.Contains("row 2 has 3 fields, the header has 2", e.Message);
    }
}
