namespace Onnxdl.Runtime;

/// <summary>What one benchmark run measured; <see cref="Samples"/> is the data size, of which the validation split is held out.</summary>
/// <remarks><see cref="SteadySamplesPerSecond"/> leaves out the first <see cref="TrainingBenchmark.WarmupBatches"/>
/// batches (session warm-up: kernel loading, cuDNN algorithm search, arena growth).</remarks>
public sealed record TrainingBenchmarkResult(string Model, int Batch, int Samples, int Epochs, double ValidationSplit, string Device,
    double SamplesPerSecond, double FitSeconds, double PeakMegabytes, double TestAccuracy, double SteadySamplesPerSecond);
