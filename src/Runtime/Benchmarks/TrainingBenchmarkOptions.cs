using System.Diagnostics;
using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>What to train: batch size, the first <see cref="Samples"/> training images, epochs and validation split.</summary>
public sealed record TrainingBenchmarkOptions(int BatchSize, int Samples, int Epochs = 1, double ValidationSplit = 0);
