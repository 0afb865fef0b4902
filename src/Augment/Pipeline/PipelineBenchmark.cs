using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// Measures the image-folder pipeline: decode + grey + resize to 28×28 + two augmentations
/// (flip, rotate:10) + CHW into pooled batches of 64, for one shuffled epoch over synthetic
/// images written to a temporary folder (deleted afterwards). Reports the median of
/// <c>epochs</c> epochs, since these machines are shared and single timings are noisy. The
/// one-time validation pass of <see cref="BatchSource.FromImageFolder"/> is not timed.
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>Runs every <see cref="BenchmarkCase"/> on <paramref name="images"/> generated images in a temporary folder, <paramref name="epochs"/> epochs each.</summary>
    public static IReadOnlyList<BenchmarkResult> RunAll(int images = 2000, int epochs = 5, PipelineOptions? options = null) =>
        [Run(BenchmarkCase.Png28, images, epochs, options), Run(BenchmarkCase.Jpeg256, images, epochs, options)];

    /// <summary>Measures one case: generates the images, runs the pipeline for <paramref name="epochs"/> epochs and reports the median epoch.</summary>
    public static BenchmarkResult Run(BenchmarkCase benchmarkCase, int images = 2000, int epochs = 5, PipelineOptions? options = null, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        string dir = Path.Combine(Path.GetTempPath(), $"onnxdl-bench-{Environment.ProcessId}-{benchmarkCase}");
        try
        {
            var (size, colour, extension) = benchmarkCase == BenchmarkCase.Png28 ? (28, false, ".png") : (256, true, ".jpg");
            SyntheticImages.Write(dir, images, size, colour, extension, seed);
            var source = BatchSource.FromImageFolder(ImageFolder.Scan(dir), new Preprocessing(28, 28, 1),
                [new RandomFlip(), new RandomRotate(10)], options);
            var times = Enumerable.Range(0, epochs).Select(epoch => TimeEpoch(source, epoch, 64, seed)).Order().ToArray();
            return new BenchmarkResult(benchmarkCase, images, times[epochs / 2]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>How long one shuffled epoch of <paramref name="source"/> takes to build (each batch disposed at once).</summary>
    public static TimeSpan TimeEpoch(IBatchSource source, int epoch, int batchSize, int seed)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in source.Epoch(epoch, batchSize, shuffle: true, seed)) batch.Dispose();
        return clock.Elapsed;
    }
}
