namespace Onnxdl.Augment.Tests;

/// <summary>Image folders streamed batch by batch (nothing decoded up front), bad files met on the way, and CSV/TSV manifests.</summary>
public class StreamingTests
{
    private static readonly PipelineOptions TwoWorkers = new() { Prefetch = 3, Workers = 2 };

    private static List<(int[] Indices, float[] Features, float[] Labels)> Collect(IBatchSource source, int epoch, int seed, int batchSize)
    {
        var result = new List<(int[], float[], float[])>();
        foreach (var batch in source.Epoch(epoch, batchSize, shuffle: true, seed))
            using (batch)
                result.Add((batch.Indices.ToArray(), batch.FeatureSpan.ToArray(), batch.LabelSpan.ToArray()));
        return result;
    }

    /// <summary>The in-memory path decodes every file first and augments the cached pixels; streaming decodes per batch on
    /// worker threads. For the same seed every batch must be the same, bit for bit, in every epoch.</summary>
    [Fact]
    public void Streaming_a_folder_gives_the_same_batches_as_decoding_it_into_memory()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 23, 24, colour: true, ".jpg", seed: 3);
        var folder = ImageFolder.Scan(dir.Path);
        var p = new Preprocessing(16, 16, 3);
        var augmentations = AugmentationParser.Parse("flip,rotate:10,crop:0.8,mixup");
        var streamed = BatchSource.StreamImageFolder(folder, p, augmentations, TwoWorkers);
        var loaded = BatchSource.FromArrays(folder.Load(p), augmentations);
        foreach (var epoch in new[] { 0, 1 })
        {
            var (a, b) = (Collect(streamed, epoch, seed: 5, batchSize: 4), Collect(loaded, epoch, seed: 5, batchSize: 4));
            Assert.Equal(6, a.Count);
            for (int i = 0; i < a.Count; i++)
            {
                Assert.Equal(b[i].Indices, a[i].Indices);
                Assert.Equal(b[i].Features, a[i].Features);
                Assert.Equal(b[i].Labels, a[i].Labels);
            }
        }
        Assert.Equal(p, streamed.Preprocessing);
        Assert.Equal(0, MatScope.Live);
    }

    /// <summary>A resumed epoch starts at its batch without building the earlier ones; it must see what the full pass saw from there.</summary>
    [Fact]
    public void An_epoch_started_at_a_later_batch_is_the_rest_of_the_full_epoch()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 14, 8, colour: true);
        var source = BatchSource.StreamImageFolder(ImageFolder.Scan(dir.Path), new Preprocessing(8, 8, 3), AugmentationParser.Parse("flip,mixup"), TwoWorkers);
        var full = Collect(source, 1, seed: 4, batchSize: 4);
        var rest = new List<(int[] Indices, float[] Features, float[] Labels)>();
        foreach (var batch in source.Epoch(1, 4, shuffle: true, seed: 4, firstBatch: 2))
            using (batch)
                rest.Add((batch.Indices.ToArray(), batch.FeatureSpan.ToArray(), batch.LabelSpan.ToArray()));
        Assert.Equal(2, rest.Count);
        for (int i = 0; i < rest.Count; i++)
        {
            Assert.Equal(full[i + 2].Indices, rest[i].Indices);
            Assert.Equal(full[i + 2].Features, rest[i].Features);
            Assert.Equal(full[i + 2].Labels, rest[i].Labels);
        }
    }

    [Fact]
    public void A_stored_channel_count_is_taken_from_the_first_readable_file()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 3, 8, colour: false, ".png");
        var source = BatchSource.StreamImageFolder(ImageFolder.Scan(dir.Path), new Preprocessing(8, 8, 0));
        Assert.Equal([1, 8, 8], source.SampleShape);
    }

    [Fact]
    public void A_bad_file_met_while_streaming_stops_the_epoch_naming_it()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 6, 8, colour: true);
        File.WriteAllBytes(dir.File("3.99.png"), [0x89, 0x50, 0x4e, 0x47]);
        var source = BatchSource.StreamImageFolder(ImageFolder.Scan(dir.Path), new Preprocessing(8, 8, 3), options: TwoWorkers);
        var error = Assert.Throws<DataException>(() => Collect(source, 0, seed: 1, batchSize: 2));
        Assert.Equal(dir.File("3.99.png"), error.Path);
        Assert.Contains("3.99.png", error.Message);
        Assert.Equal(0, MatScope.Live);
    }

    [Fact]
    public void Skipped_bad_files_leave_their_batch_and_are_reported_once()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 6, 8, colour: true);
        File.WriteAllBytes(dir.File("3.99.png"), [0x89, 0x50, 0x4e, 0x47]);
        File.WriteAllBytes(dir.File("5.98.png"), []);
        var folder = ImageFolder.Scan(dir.Path);
        var badIndices = new[] { "3.99.png", "5.98.png" }.Select(f => folder.Files.ToList().IndexOf(dir.File(f))).ToArray();
        var warnings = new StringWriter();
        var bad = new BadFiles(skip: true, warnings);
        var source = BatchSource.StreamImageFolder(folder, new Preprocessing(8, 8, 3), options: TwoWorkers, badFiles: bad);
        foreach (var epoch in new[] { 0, 1 })
        {
            var batches = Collect(source, epoch, seed: 2, batchSize: 3);
            Assert.Equal(3, batches.Count); // 8 files in batches of 3, whatever is skipped
            var seen = batches.SelectMany(b => b.Indices).ToArray();
            Assert.Equal(Enumerable.Range(0, 8).Except(badIndices), seen.Order());
            Assert.All(batches, b => Assert.Equal(b.Indices.Length * source.NumClasses, b.Labels.Length));
            Assert.Equal(6f, batches.Sum(b => b.Labels.Sum()));
        }
        Assert.Equal([dir.File("3.99.png"), dir.File("5.98.png")], bad.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(2, warnings.ToString().Split('\n').Count(l => l.StartsWith("warning: skipping bad file", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fewer_than_one_worker_is_refused()
    {
        var data = new ArrayDataset(new float[4], [0, 1], [2], ["a", "b"]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchSource.FromArrays(data, options: new PipelineOptions { Workers = 0 }));
        Assert.Contains("Workers must be ≥ 1", error.Message);
    }

    [Fact]
    public void A_csv_manifest_lists_paths_relative_to_itself_with_their_labels_quoted_fields_holding_commas()
    {
        using var dir = new TempDir();
        var images = Directory.CreateDirectory(dir.File("images")).FullName;
        SyntheticImages.Write(images, 3, 8, colour: false, ".png");
        File.Copy(Path.Combine(images, "0.0.png"), Path.Combine(images, "a, b.png"));
        File.WriteAllText(dir.File("train.csv"), "filename,class\nimages/2.2.png,zebra\n\"images/0.0.png\",ant\n" + Path.Combine(images, "1.1.png") +
            ",zebra\n\n\"images/a, b.png\",\"ant, red\"\n");
        var listed = ImageFolder.FromManifest(dir.File("train.csv"));
        Assert.Equal(FolderLayout.Manifest, listed.Layout);
        Assert.Equal([Path.Combine(images, "2.2.png"), Path.Combine(images, "0.0.png"), Path.Combine(images, "1.1.png"), Path.Combine(images, "a, b.png")],
            listed.Files);
        Assert.Equal(["ant", "ant, red", "zebra"], listed.ClassNames);
        Assert.Equal([2, 0, 2, 1], listed.Labels);
    }

    [Fact]
    public void A_tsv_manifest_needs_no_header()
    {
        using var dir = new TempDir();
        SyntheticImages.Write(dir.Path, 2, 8, colour: false, ".png");
        File.WriteAllText(dir.File("list.txt"), "0.0.png\t7\n1.1.png\t3\n");
        var listed = ImageFolder.FromManifest(dir.File("list.txt"));
        Assert.Equal(["3", "7"], listed.ClassNames);
        Assert.Equal([1, 0], listed.Labels);
    }

    [Theory]
    [InlineData("path,label\na.png,cat\nb.png\n", ":3: expected 'path,label' (2 non-empty fields), received 'b.png'")]
    [InlineData("a.png,cat,extra\n", ":1: expected 'path,label'")]
    [InlineData("path,label\n\n", "lists no images")]
    public void A_malformed_manifest_names_the_file_and_line(string text, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("m.csv"), text);
        var error = Assert.Throws<DataException>(() => ImageFolder.FromManifest(dir.File("m.csv")));
        Assert.Contains(dir.File("m.csv"), error.Message);
        Assert.Contains(expected, error.Message);
    }
}
