using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class FolderAndCsvTests
{
    private static void WriteGrey(string path, int value, int size = 6)
    {
        using var image = TestImages.Solid(size, size, MatType.CV_8UC1, Scalar.All(value));
        TestImages.Write(path, image);
    }

    [Fact]
    public void Seed_layout_takes_the_label_from_the_file_name_prefix()
    {
        using var dir = new TempDir();
        WriteGrey(dir.File("cat.1.png"), 10);
        WriteGrey(dir.File("dog.2.png"), 20, size: 12);
        WriteGrey(dir.File("cat.3.png"), 30);
        File.WriteAllText(dir.File("README.txt"), "ignored");
        var folder = ImageFolder.Scan(dir.Path);
        Assert.Equal(FolderLayout.FileNamePrefix, folder.Layout);
        Assert.Equal(["cat", "dog"], folder.ClassNames);
        var data = folder.Load(new Preprocessing(6, 6, 1) { Scale = 1 });
        Assert.Equal([1, 6, 6], data.SampleShape);
        Assert.Equal([0, 0, 1], data.Labels); // files in ordinal order: cat.1, cat.3, dog.2
        Assert.Equal(30f, data.Sample(1)[0]);
        Assert.Equal(20f, data.Sample(2)[35]);
    }

    [Fact]
    public void Class_subfolders_are_detected()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "zebra", "ant" })
        {
            Directory.CreateDirectory(dir.File(name));
            WriteGrey(Path.Combine(dir.File(name), "a.png"), 5);
        }
        var folder = ImageFolder.Scan(dir.Path);
        Assert.Equal(FolderLayout.Subfolders, folder.Layout);
        Assert.Equal(["ant", "zebra"], folder.ClassNames);
        Assert.Equal([0, 1], folder.Labels);
        var second = folder.Subset([1]);
        Assert.Equal([folder.Files[1]], second.Files);
        Assert.Equal([1], second.Labels);
        Assert.Equal(folder.ClassNames, second.ClassNames);
    }

    [Fact]
    public void Empty_folders_and_unparsable_labels_fail_before_training()
    {
        using var dir = new TempDir();
        Assert.Contains("no images", Assert.Throws<DataException>(() => ImageFolder.Scan(dir.Path)).Message);
        WriteGrey(dir.File("nolabel.png"), 1);
        var error = Assert.Throws<DataException>(() => ImageFolder.Scan(dir.Path));
        Assert.Contains(dir.File("nolabel.png"), error.Message);
        Assert.Contains("<label>.<n>", error.Message);
    }

    [Fact]
    public void Mixed_channel_counts_are_an_error_unless_channels_are_set()
    {
        using var dir = new TempDir();
        WriteGrey(dir.File("a.1.png"), 1);
        using (var colour = TestImages.Solid(6, 6, MatType.CV_8UC3, Scalar.All(9)))
            TestImages.Write(dir.File("b.2.png"), colour);
        var folder = ImageFolder.Scan(dir.Path);
        var error = Assert.Throws<DataException>(() => folder.Load(new Preprocessing(6, 6, 0)));
        Assert.Contains("mixed channel counts", error.Message);
        Assert.Contains(dir.File("b.2.png"), error.Message);
        Assert.Equal([3, 6, 6], folder.Load(new Preprocessing(6, 6, 3)).SampleShape);
    }

    [Fact]
    public void Bad_files_stop_loading_or_are_skipped_with_warnings_and_a_count()
    {
        using var dir = new TempDir();
        WriteGrey(dir.File("a.1.png"), 1);
        File.WriteAllText(dir.File("a.2.png"), "garbage");
        WriteGrey(dir.File("b.3.png"), 2);
        var folder = ImageFolder.Scan(dir.Path);
        var p = new Preprocessing(6, 6, 1);
        Assert.Contains(dir.File("a.2.png"), Assert.Throws<DataException>(() => folder.Load(p)).Message);

        var warnings = new StringWriter();
        var bad = new BadFiles(skip: true, warnings);
        var data = folder.Load(p, bad);
        Assert.Equal(2, data.Count);
        Assert.Equal(1, bad.Count);
        Assert.Equal([dir.File("a.2.png")], bad.Paths);
        Assert.Contains(dir.File("a.2.png"), warnings.ToString());
        Assert.Contains("skipped 1 bad file(s) of 3", warnings.ToString());
        Assert.Equal(0, MatScope.Live);
    }

    [Fact]
    public void Exported_images_load_back_with_their_class_names()
    {
        using var dir = new TempDir();
        var source = FashionMnist.Load(train: false, limit: 12);
        Assert.Equal(12, IdxImageExporter.Export(source, dir.Path, limit: 12));
        Assert.True(File.Exists(dir.File($"{source.Labels[0]}.0.png")));
        var back = ImageFolder.Scan(dir.Path).Load(new Preprocessing(28, 28, 1));
        Assert.Equal(FashionMnist.ClassNames, back.ClassNames);
        var byName = Enumerable.Range(0, 12).ToDictionary(i => $"{source.Labels[i]}.{i}.png");
        var files = ImageFolder.Scan(dir.Path).Files;
        for (int k = 0; k < back.Count; k++)
        {
            int i = byName[Path.GetFileName(files[k])];
            Assert.Equal(source.Labels[i], back.Labels[k]);
            Assert.Equal(source.Sample(i).ToArray(), back.Sample(k).ToArray()); // n/255 survives the 8-bit PNG exactly
        }
    }

    [Fact]
    public void Csv_reads_numeric_features_and_a_named_label_column()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("data.csv"), "x,species,y\n1.5,setosa,2\n3,virginica,-1\n\n0,setosa,0.25\n");
        var data = CsvDataset.Load(dir.File("data.csv"), "species");
        Assert.Equal([2], data.SampleShape);
        Assert.Equal(["setosa", "virginica"], data.ClassNames);
        Assert.Equal([0, 1, 0], data.Labels);
        Assert.Equal([1.5f, 2f, 3f, -1f, 0f, 0.25f], data.Features);
        Assert.Contains("columns: x, species, y", Assert.Throws<DataException>(() => CsvDataset.Load(dir.File("data.csv"), "label")).Message);
        File.WriteAllText(dir.File("bad.csv"), "x,label\nabc,1\n");
        var error = Assert.Throws<DataException>(() => CsvDataset.Load(dir.File("bad.csv"), "label"));
        Assert.Contains($"{dir.File("bad.csv")}:2", error.Message);
        Assert.Contains("'abc'", error.Message);
    }

    [Fact]
    public void An_empty_dataset_is_refused()
    {
        Assert.Contains("empty", Assert.Throws<DataException>(() => new ArrayDataset([], [], [1, 2, 2], ["a"])).Message);
    }
}
