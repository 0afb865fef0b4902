namespace Onnxdl.Runtime;

/// <summary>What one benchmark run measured; <see cref="Samples"/> is the data size, of which the validation split is held out.</summary>
/// <remarks><see cref="SteadySamplesPerSecond"/> leaves out the first <see cref="TrainingBenchmark.WarmupBatches"/>
/// batches (session warm-up: kernel loading, cuDNN algorithm search, arena growth).
/// <see cref="TrainingFlopsPerSample"/> (see <see cref="Graph.TrainingFlops"/>) times a rate in samples/s gives the step's FLOP/s.</remarks>
public sealed record TrainingBenchmarkResult(string Model, int Batch, int Samples, int Epochs, double ValidationSplit, string Device,
    double SamplesPerSecond, double FitSeconds, double PeakMegabytes, double TestAccuracy, double SteadySamplesPerSecond,
    long TrainingFlopsPerSample)
{
    /// <summary>Achieved GFLOP/s of the training step over the whole fit.</summary>
    public double Gflops => SamplesPerSecond * TrainingFlopsPerSample / 1e9;

    /// <summary>Achieved GFLOP/s after the warm-up batches.</summary>
    public double SteadyGflops => SteadySamplesPerSecond * TrainingFlopsPerSample / 1e9;
}
