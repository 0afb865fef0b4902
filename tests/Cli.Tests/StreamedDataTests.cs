using System.Text.Json;
using Onnxdl.Augment;

namespace Onnxdl.Cli.Tests;

/// <summary>train on image files: --cache auto|always|never, list: manifests, --bad-files, --data-threads; dataset synthetic.</summary>
public class StreamedDataTests
{
    private static string[] Train(string spec, string data, string outDir, params string[] extra) =>
        ["train", "--model", spec, "--data", data, "--out", outDir, "--epochs", "2", "--batch-size", "16",
         "--augment", "flip,rotate:10", "--quiet", .. extra];

    private static string Images(TempDir dir, int count = 60)
    {
        var images = dir.File("images");
        SyntheticImages.Write(images, count, 28, colour: false, ".png", seed: 2);
        return images;
    }

    private static JsonElement Metrics(string outDir)
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        return metrics.RootElement.Clone();
    }

    private static int SkippedFiles(string outDir) => Metrics(outDir).GetProperty("skipped_files").GetInt32();

    [Fact]
    public void A_streamed_folder_trains_the_same_model_as_the_folder_decoded_into_memory()
    {
        using var dir = new TempDir();
        var (spec, images) = (Cli.TinySpec(dir), Images(dir));
        Cli.Run(Train(spec, $"folder:{images}", dir.File("streamed"), "--cache", "never", "--data-threads", "2", "--validation-split", "0.25",
            "--test-data", $"folder:{images}")).Succeeded();
        Cli.Run(Train(spec, $"folder:{images}", dir.File("cached"), "--cache", "--validation-split", "0.25", "--test-data", $"folder:{images}")).Succeeded();
        Assert.Equal(File.ReadAllBytes(dir.File("cached/model.onnx")), File.ReadAllBytes(dir.File("streamed/model.onnx")));
        Assert.Equal(File.ReadAllLines(dir.File("cached/history.csv")), File.ReadAllLines(dir.File("streamed/history.csv")));
        Assert.Equal(0, SkippedFiles(dir.File("streamed")));
        Assert.Equal(Metrics(dir.File("cached")).GetProperty("test").GetRawText(), Metrics(dir.File("streamed")).GetProperty("test").GetRawText());
    }

    [Fact]
    public void A_manifest_listing_a_folders_files_trains_like_the_folder()
    {
        using var dir = new TempDir();
        var (spec, images) = (Cli.TinySpec(dir), Images(dir));
        var folder = ImageFolder.Scan(images);
        File.WriteAllLines(dir.File("train.tsv"), ["path\tlabel", .. folder.Files.Select((f, i) =>
            $"{Path.GetRelativePath(dir.Path, f)}\t{folder.ClassNames[folder.Labels[i]]}")]);
        Cli.Run(Train(spec, $"folder:{images}", dir.File("folder"))).Succeeded();
        Cli.Run(Train(spec, $"list:{dir.File("train.tsv")}", dir.File("list"), "--limit", "1000", "--cache", "never")).Succeeded();
        Assert.Equal(File.ReadAllBytes(dir.File("folder/model.onnx")), File.ReadAllBytes(dir.File("list/model.onnx")));
    }

    [Fact]
    public void A_bad_file_stops_training_naming_it_unless_skipped_and_counted_in_metrics_json()
    {
        using var dir = new TempDir();
        var (spec, images) = (Cli.TinySpec(dir), Images(dir));
        var bad = Path.Combine(images, "4.999.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

        var stopped = Cli.Run(Train(spec, $"folder:{images}", dir.File("stopped"), "--cache", "never"));
        Assert.Equal(ExitCodes.UsageError, stopped.Code);
        Assert.Contains(bad, stopped.Err);
        Assert.DoesNotContain("   at ", stopped.Err);

        var skipped = Cli.Run(Train(spec, $"folder:{images}", dir.File("skipped"), "--cache", "never", "--bad-files", "skip"));
        skipped.Succeeded();
        Assert.Equal(1, SkippedFiles(dir.File("skipped")));
    }

    [Fact]
    public void A_manifest_source_parses_and_needs_a_file()
    {
        Assert.Equal(new DataSource(DataKind.List, "data/train.csv"), DataSource.Parse("list:data/train.csv"));
        Assert.Contains(DataSource.Forms, Assert.Throws<UsageException>(() => DataSource.Parse("list:")).Message);
    }

    /// <summary>auto keeps decoded images in memory up to 512 MiB: 10,922 colour 64×64 images (48 KiB each as floats) and not one more.</summary>
    [Fact]
    public void Automatic_caching_keeps_images_in_memory_up_to_512_MiB_decoded()
    {
        var settings = new DataSettings(CacheMode.Auto, new PipelineOptions(), new BadFiles(skip: false));
        var colour64 = new Preprocessing(64, 64, 3);
        Assert.True(settings.InMemory(10_922, colour64));
        Assert.False(settings.InMemory(10_923, colour64));
        Assert.True((settings with { Cache = CacheMode.Always }).InMemory(1_000_000, colour64));
        Assert.False((settings with { Cache = CacheMode.Never }).InMemory(1, colour64));
    }

    [Theory]
    [InlineData("--data-threads", "0", "--data-threads must be ≥ 1")]
    [InlineData("--bad-files", "ignore", "ignore")]
    [InlineData("--cache", "sometimes", "sometimes")]
    public void Bad_data_options_are_usage_errors(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var result = Cli.Run(Train(Cli.TinySpec(dir), "folder:/nonexistent", dir.File("run"), option, value));
        Assert.Equal(ExitCodes.UsageError, result.Code);
        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void Dataset_synthetic_writes_a_folder_that_scans_into_ten_classes()
    {
        using var dir = new TempDir();
        Cli.Run("dataset", "synthetic", "--out", dir.File("s"), "--count", "20", "--size", "8").Succeeded();
        var folder = ImageFolder.Scan(dir.File("s"));
        Assert.Equal(20, folder.Count);
        Assert.Equal(10, folder.ClassNames.Count);
        Assert.Equal([3, 8, 8], BatchSource.StreamImageFolder(folder, new Preprocessing(8, 8, 0)).SampleShape);
    }
}
