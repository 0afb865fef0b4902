using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class PipelineTests
{
    private static readonly PipelineOptions Inline = new() { Prefetch = 0 };

    /// <summary>10 grey 4×4 samples; sample i is filled with i / 10, label i % 3.</summary>
    private static ArrayDataset Small() => new(
        Enumerable.Range(0, 10).SelectMany(i => Enumerable.Repeat(i / 10f, 16)).ToArray(),
        Enumerable.Range(0, 10).Select(i => i % 3).ToArray(), [1, 4, 4], ["a", "b", "c"]);

    private static List<(int[] Indices, float[] Features, float[] Labels)> Collect(IBatchSource source, int epoch, int seed, int batchSize = 4)
    {
        var result = new List<(int[], float[], float[])>();
        foreach (var batch in source.Epoch(epoch, batchSize, shuffle: true, seed))
            using (batch)
                result.Add((batch.Indices.ToArray(), batch.FeatureSpan.ToArray(), batch.LabelSpan.ToArray()));
        return result;
    }

    private static void AssertSame(List<(int[] Indices, float[] Features, float[] Labels)> a, List<(int[] Indices, float[] Features, float[] Labels)> b)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Indices, b[i].Indices);
            Assert.Equal(a[i].Features, b[i].Features);
            Assert.Equal(a[i].Labels, b[i].Labels);
        }
    }

    [Fact]
    public void An_epoch_visits_every_sample_once_with_one_hot_labels()
    {
        var source = BatchSource.FromArrays(Small());
        var batches = Collect(source, epoch: 0, seed: 1);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Indices.Length));
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.Indices).Order());
        foreach (var (indices, features, labels) in batches)
            for (int i = 0; i < indices.Length; i++)
            {
                Assert.Equal(indices[i] / 10f, features[i * 16]);
                Assert.Equal(Enumerable.Range(0, 3).Select(k => k == indices[i] % 3 ? 1f : 0f), labels.Skip(i * 3).Take(3));
            }
        var ordered = source.Epoch(0, 10, shuffle: false, seed: 1).Single();
        Assert.Equal(Enumerable.Range(0, 10), ordered.Indices);
        ordered.Dispose();
    }

    [Fact]
    public void Order_is_a_pure_function_of_seed_and_epoch()
    {
        var first = BatchSource.FromArrays(Small());
        var resumed = BatchSource.FromArrays(Small()); // a fresh process resuming at epoch 3
        AssertSame(Collect(first, 3, seed: 7), Collect(resumed, 3, seed: 7));
        Assert.NotEqual(Collect(first, 3, 7).SelectMany(b => b.Indices), Collect(first, 4, 7).SelectMany(b => b.Indices));
        Assert.NotEqual(Collect(first, 3, 7).SelectMany(b => b.Indices), Collect(first, 3, 8).SelectMany(b => b.Indices));
    }

    [Fact]
    public void Augmented_batches_do_not_depend_on_threads_and_change_each_epoch()
    {
        var data = FashionMnist.Load(train: false, limit: 64);
        var before = data.Features.ToArray();
        var augmentations = AugmentationParser.Parse("flip,rotate:10,translate:0.1,noise:0.05,mixup:0.2");
        var threaded = BatchSource.FromArrays(data, augmentations, new PipelineOptions { Prefetch = 3 });
        var inline = BatchSource.FromArrays(data, augmentations, Inline);
        var epoch2 = Collect(threaded, 2, seed: 5, batchSize: 16);
        AssertSame(epoch2, Collect(inline, 2, seed: 5, batchSize: 16));
        Assert.NotEqual(epoch2[0].Features, Collect(threaded, 3, seed: 5, batchSize: 16)[0].Features);
        foreach (var (_, _, labels) in epoch2)
            for (int i = 0; i < labels.Length / 10; i++)
                Assert.Equal(1f, labels.Skip(i * 10).Take(10).Sum(), 1e-5f);
        Assert.Equal(before, data.Features); // augmentations never write into the cached source
    }

    [Fact]
    public void Folder_streaming_matches_loading_the_folder_into_memory()
    {
        using var dir = new TempDir();
        IdxImageExporter.Export(FashionMnist.Load(train: true, limit: 20), dir.Path);
        var folder = ImageFolder.Scan(dir.Path);
        var p = new Preprocessing(20, 20, 1) { Interpolation = Interpolation.Linear };
        var augmentations = AugmentationParser.Parse("flip,crop:0.7,blur");
        var streamed = BatchSource.FromImageFolder(folder, p, augmentations);
        var loaded = BatchSource.FromArrays(folder.Load(p), augmentations);
        Assert.Equal([1, 20, 20], streamed.SampleShape);
        Assert.Equal(p, streamed.Preprocessing);
        AssertSame(Collect(streamed, 1, seed: 9, batchSize: 8), Collect(loaded, 1, seed: 9, batchSize: 8));
        Assert.Equal(0, MatScope.Live);
    }

    [Fact]
    public void Streaming_validates_bad_files_before_the_first_epoch()
    {
        using var dir = new TempDir();
        IdxImageExporter.Export(FashionMnist.Load(train: true, limit: 6), dir.Path);
        File.WriteAllBytes(dir.File("3.99.png"), [0x89, 0x50, 0x4e, 0x47]);
        var folder = ImageFolder.Scan(dir.Path);
        var p = new Preprocessing(28, 28, 1);
        var error = Assert.Throws<DataException>(() => BatchSource.FromImageFolder(folder, p));
        Assert.Equal(dir.File("3.99.png"), error.Path);
        var bad = new BadFiles(skip: true);
        var source = BatchSource.FromImageFolder(folder, p, badFiles: bad);
        Assert.Equal(6, source.Count);
        Assert.Equal(1, bad.Count);
    }

    [Fact]
    public void Stopping_early_releases_every_buffer_and_native_mat()
    {
        var data = FashionMnist.Load(train: false, limit: 256);
        var source = BatchSource.FromArrays(data, AugmentationParser.Parse("rotate:10,cutmix"), new PipelineOptions { Prefetch = 4 });
        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var batch in source.Epoch(epoch, 8, shuffle: true, seed: 1))
            {
                batch.Dispose();
                break;
            }
        Assert.Equal(0, MatScope.Live);
        var disposed = source.Epoch(0, 8, true, 1).First();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Features);
    }

    /// <summary>
    /// Rented batches come back after Dispose (the pool is shared, so which one is not fixed) with cleared
    /// labels and indices of the new size, so reuse leaks nothing between batches. That they are reused at
    /// all is shown by the trainer's allocation test.
    /// </summary>
    [Fact]
    public void Rented_batches_are_clean_after_reuse()
    {
        var dirty = Enumerable.Range(0, 8).Select(_ => Batch.Rent(4, [2], 3)).ToList();
        foreach (var batch in dirty)
        {
            batch.Labels.AsSpan().Fill(1f);
            batch.Dispose();
        }
        Assert.Throws<ObjectDisposedException>(() => dirty[0].Indices);

        var rented = Enumerable.Range(0, 16).Select(_ => Batch.Rent(2, [2], 3)).ToList();
        Assert.All(rented, batch =>
        {
            Assert.Equal(2, batch.Indices.Length);
            Assert.All(batch.LabelSpan.ToArray(), v => Assert.Equal(0f, v));
        });
        rented.ForEach(b => b.Dispose());
    }

    [Fact]
    public void Augmenting_tabular_data_spatially_is_refused_up_front()
    {
        var tabular = new ArrayDataset([1, 2, 3, 4], [0, 1], [2], ["x", "y"]);
        var error = Assert.Throws<ArgumentException>(() => BatchSource.FromArrays(tabular, [new RandomRotate(5)]));
        Assert.Contains("[C, H, W]", error.Message);
        Assert.Single(BatchSource.FromArrays(tabular, [new Mixup(0.2)]).Epoch(0, 2, true, 1)).Dispose();
    }

    [Fact]
    public void A_file_failing_mid_epoch_surfaces_from_the_workers_naming_the_file()
    {
        using var dir = new TempDir();
        IdxImageExporter.Export(FashionMnist.Load(train: true, limit: 12), dir.Path);
        var folder = ImageFolder.Scan(dir.Path);
        var source = BatchSource.FromImageFolder(folder, new Preprocessing(28, 28, 1), [new RandomFlip()], new PipelineOptions { Prefetch = 2 });
        File.Delete(folder.Files[7]); // vanished after validation
        var error = Assert.Throws<DataException>(() =>
        {
            foreach (var batch in source.Epoch(0, 2, shuffle: false, seed: 1)) batch.Dispose();
        });
        Assert.Equal(folder.Files[7], error.Path);
        Assert.Equal(0, MatScope.Live);
    }

    [Fact]
    public void Benchmark_reports_a_positive_rate()
    {
        var result = PipelineBenchmark.Run(BenchmarkCase.Png28, images: 128, epochs: 1);
        Assert.Equal(128, result.Images);
        Assert.True(result.ImagesPerSecond > 0, result.ToString());
    }
}
