namespace Onnxdl.Runtime;

/// <summary>What one benchmark run measured; <see cref="Samples"/> is the data size, of which the validation split is held out.</summary>
/// <remarks><see cref="SteadySamplesPerSecond"/> leaves out the first <see cref="TrainingBenchmark.WarmupBatches"/>
/// batches (session warm-up: kernel loading, cuDNN algorithm search, arena growth).
/// <see cref="TrainedSamples"/> counts every sample of every epoch trained on (the validation split left out);
/// <see cref="Flops"/> is the model's arithmetic, whose <see cref="Graph.TrainingFlops.TrainingFlopsPerSample"/> times a rate in
/// samples/s gives the step's FLOP/s.</remarks>
public sealed record TrainingBenchmarkResult(string Model, int Batch, int Samples, int Epochs, double ValidationSplit, string Device,
    long TrainedSamples, double FitSeconds, double PeakMegabytes, double TestAccuracy, double SteadySamplesPerSecond,
    Graph.TrainingFlops Flops)
{
    /// <summary>Samples trained per second of the whole fit.</summary>
    public double SamplesPerSecond => TrainedSamples / FitSeconds;

    /// <summary>FLOPs of one training step per sample (<see cref="Graph.TrainingFlops"/>).</summary>
    public long TrainingFlopsPerSample => Flops.TrainingFlopsPerSample;

    /// <summary>Achieved GFLOP/s of the training step over the whole fit.</summary>
    public double Gflops => SamplesPerSecond * TrainingFlopsPerSample / 1e9;

    /// <summary>Achieved GFLOP/s after the warm-up batches.</summary>
    public double SteadyGflops => SteadySamplesPerSecond * TrainingFlopsPerSample / 1e9;
}
