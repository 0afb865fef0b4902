using System.Diagnostics;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>
/// Whether decoding keeps up with training: on <see cref="SyntheticImages"/> at the network's input size (grey PNGs or colour
/// JPEGs, written to a temporary folder and deleted afterwards), the decode + flip pipeline alone, then, after one untimed
/// epoch, epochs of training (Adam, seed 42) alternately from the streamed folder and from the same images decoded into memory, so both see the same
/// machine noise. Reports medians over the rounds.
/// </summary>
public static class StreamingBenchmark
{
    /// <summary>Runs <paramref name="rounds"/> rounds on <paramref name="images"/> images; the network's input must be H × W × 1, 3 or 4.</summary>
    public static StreamingBenchmarkResult Run(Functional network, int images, int batchSize, PipelineOptions pipeline, Device device, int rounds = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        if (network.Input.KerasShape is not [var height, var width, var channels and (1 or 3 or 4)])
            throw new ArgumentException($"Streaming needs an image model (input H × W × 1, 3 or 4); '{network.Name}' takes [{string.Join(", ", network.Input.KerasShape)}].");
        var dir = Path.Combine(Path.GetTempPath(), $"onnxdl-stream-bench-{Environment.ProcessId}");
        try
        {
            SyntheticImages.Write(dir, images, Math.Max(Math.Max(height, width), 4), colour: channels != 1, channels == 1 ? ".png" : ".jpg");
            var folder = ImageFolder.Scan(dir);
            var preprocessing = new Preprocessing(width, height, channels);
            IAugmentation[] flip = [new RandomFlip()];
            var decode = Median(Enumerable.Range(0, rounds).Select(round =>
                PipelineBenchmark.TimeEpoch(BatchSource.StreamImageFolder(folder, preprocessing, flip, pipeline), round, batchSize, 42).TotalSeconds));
            var inMemory = folder.Load(preprocessing);
            using var model = new Model(network);
            model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"], new CompileOptions { Device = device, Seed = 42, BatchSize = batchSize });
            model.Fit(inMemory, NextEpoch(model, batchSize)); // warm-up (sessions, buffers), so the first timed round pays for nothing else
            var (streamed, loaded) = (new List<double>(), new List<double>());
            for (int round = 0; round < rounds; round++)
            {
                streamed.Add(Seconds(() => model.Fit(folder, preprocessing, NextEpoch(model, batchSize), flip, pipeline)));
                loaded.Add(Seconds(() => model.Fit(inMemory, NextEpoch(model, batchSize), flip)));
            }
            return new StreamingBenchmarkResult(images, pipeline.Workers, images / decode, images / Median(loaded), images / Median(streamed));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One more epoch than the model has trained (a fit runs up to its epoch count).</summary>
    private static FitOptions NextEpoch(Model model, int batchSize) => new() { Epochs = model.Epoch + 1, BatchSize = batchSize, Seed = 42 };

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
