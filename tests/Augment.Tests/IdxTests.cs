using System.IO.Compression;

namespace Onnxdl.Augment.Tests;

public class IdxTests
{
    /// <summary>The naive way: gunzip and index bytes past the header (16 bytes for images, 8 for labels).</summary>
    private static byte[] NaiveBytes(string file, int count)
    {
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        var bytes = new byte[count];
        gzip.ReadExactly(bytes);
        return bytes;
    }

    [Fact]
    public void Fashion_mnist_first_samples_match_a_naive_gzip_read()
    {
        var data = FashionMnist.Load(train: true, limit: 5);
        var pixels = NaiveBytes(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz"), 16 + 2 * 784);
        var labels = NaiveBytes(Path.Combine(FashionMnist.DefaultDirectory, "train-labels-idx1-ubyte.gz"), 8 + 5);
        Assert.Equal(5, data.Count);
        Assert.Equal([1, 28, 28], data.SampleShape);
        Assert.Equal(labels[8], data.Labels[0]);
        Assert.Equal(labels[12], data.Labels[4]);
        Assert.Equal(pixels[16] / 255f, data.Features[0], 1e-7f);
        Assert.Equal(pixels[16 + 784 + 400] / 255f, data.Features[784 + 400], 1e-7f);
        Assert.Equal("Ankle boot", data.ClassNames[9]);
        Assert.Equal(new Preprocessing(28, 28, 1), data.Preprocessing);
    }

    [Fact]
    public void Uncompressed_idx_is_read_and_truncation_is_reported()
    {
        using var dir = new TempDir();
        byte[] header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3];
        File.WriteAllBytes(dir.File("images"), [.. header, 0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6]);
        File.WriteAllBytes(dir.File("labels"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
        var data = IdxReader.LoadDataset(dir.File("images"), dir.File("labels"));
        Assert.Equal([1, 2, 3], data.SampleShape);
        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.Equal([1, 0], data.Labels);
        Assert.Equal(0.2f, data.Features[1], 1e-6f);

        File.WriteAllBytes(dir.File("short"), [.. header, 1, 2, 3]);
        var error = Assert.Throws<DataException>(() => IdxReader.Read(dir.File("short")));
        Assert.Contains(dir.File("short"), error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Mismatched_counts_and_foreign_files_are_reported()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("images"), [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9]);
        File.WriteAllBytes(dir.File("labels"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
        Assert.Contains("equal counts", Assert.Throws<DataException>(() => IdxReader.LoadDataset(dir.File("images"), dir.File("labels"))).Message);
        File.WriteAllText(dir.File("text"), "hello world");
        Assert.Contains("not an IDX file", Assert.Throws<DataException>(() => IdxReader.Read(dir.File("text"))).Message);
    }
}
