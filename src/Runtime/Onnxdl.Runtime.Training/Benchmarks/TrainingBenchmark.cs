using System.Diagnostics;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>
/// Trains a model on the first N Fashion-MNIST training images (Adam, categorical cross-entropy, seed 42,
/// like the TorchSharp anchor; one epoch unless asked, so several epochs with a validation split are the
/// seed program's full run) and reports throughput, peak memory and test accuracy.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Training steps run before timing starts (session warm-up, allocations).</summary>
    public const int WarmupBatches = 10;

    /// <summary>Runs the benchmark; throws <see cref="DeviceUnavailableException"/> when the device is unusable and no fallback is allowed.</summary>
    /// <param name="modelName">The name reported (e.g. "cnn").</param>
    /// <param name="network">The network to train, built or not.</param>
    /// <param name="options">Images, batch size, epochs and validation.</param>
    /// <param name="device">The device to train on.</param>
    /// <param name="allowCpuFallback">Run on CPU when the GPU cannot be used (the result says so).</param>
    /// <param name="progress">Receives per-batch and per-epoch progress, or null.</param>
    /// <param name="dataDirectory">Where the four Fashion-MNIST IDX .gz files are (machines without the Debian package).</param>
    public static TrainingBenchmarkResult Run(string modelName, Functional network, TrainingBenchmarkOptions options, Device device,
        bool allowCpuFallback = false, IProgressReporter? progress = null, string dataDirectory = FashionMnist.DefaultDirectory)
    {
        var train = FashionMnist.Load(train: true, limit: options.Samples, dataDirectory);
        var test = FashionMnist.Load(train: false, directory: dataDirectory);
        using var model = new Model(network);
        model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"],
            new CompileOptions { Device = device, AllowCpuFallback = allowCpuFallback, Seed = 42, BatchSize = options.BatchSize });
        var clock = Stopwatch.StartNew();
        var afterWarmup = new BatchClock(clock, WarmupBatches);
        Callback[] callbacks = progress is null ? [afterWarmup] : [afterWarmup, new ProgressCallback(progress, options.Epochs)];
        model.Fit(train, new FitOptions
        {
            Epochs = options.Epochs, BatchSize = options.BatchSize, ValidationSplit = options.ValidationSplit, Seed = 42, Callbacks = callbacks,
        });
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var trained = (long)(train.Count - FitOptions.ValidationCount(train.Count, options.ValidationSplit)) * options.Epochs;
        var steadySamples = trained - Math.Min(trained, WarmupBatches * options.BatchSize);
        var steady = afterWarmup.Seconds is { } at && steadySamples > 0 ? steadySamples / (fitSeconds - at) : double.NaN;
        var accuracy = model.Evaluate(BatchSource.FromArrays(test), 512)["accuracy"];
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new TrainingBenchmarkResult(modelName, options.BatchSize, train.Count, options.Epochs, options.ValidationSplit,
            model.Device!.Actual.ToString(), trained, fitSeconds, self.PeakWorkingSet64 / (1024.0 * 1024.0), accuracy, steady,
            Graph.TrainingFlops.Of(network.ToOnnx()));
    }

    /// <summary>Notes the clock when batch <paramref name="batch"/> of the first epoch has finished.</summary>
    private sealed class BatchClock(Stopwatch clock, int batch) : Callback
    {
        public double? Seconds { get; private set; }

        public override void OnBatchEnd(int epoch, int index, int batches, IReadOnlyDictionary<string, double> logs)
        {
            if (epoch == 0 && index == batch) Seconds = clock.Elapsed.TotalSeconds;
        }
    }
}
