using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>What <see cref="FineTuning.Run"/> produced: the single exported model, per-epoch training losses, and timings.</summary>
public sealed record FineTuneResult(OnnxModel Model, IReadOnlyList<double> EpochLosses, TimeSpan FeatureTime, TimeSpan TrainTime);
