namespace Onnxdl.Runtime;

/// <summary>What to train: batch size, the first <see cref="Samples"/> training images, epochs and validation split.</summary>
public sealed record TrainingBenchmarkOptions(int BatchSize, int Samples, int Epochs = 1, double ValidationSplit = 0);
