using System.Diagnostics;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Runtime;

/// <summary>
/// Deployment throughput: the model exported to model.onnx, loaded by a <see cref="Predictor"/> (a plain
/// InferenceSession) and run on batches of random images, as a service would call it.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>Measures inference throughput (images/s) and per-batch latency of <paramref name="network"/> at <paramref name="batchSize"/> on <paramref name="device"/>, over <paramref name="images"/> random images.</summary>
    public static InferenceBenchmarkResult Run(string modelName, Functional network, int batchSize, int images, Device device)
    {
        using var predictor = Predictor.Load(network.Build(42).ToOnnx(), device, allowCpuFallback: false);
        return Measure(modelName, network, batchSize, images, predictor);
    }

    private static InferenceBenchmarkResult Measure(string modelName, Functional network, int batchSize, int images, Predictor predictor)
    {
        var input = new float[batchSize * network.Input.Shape.Aggregate(1, (a, d) => a * d)];
        for (var i = 0; i < input.Length; i++) input[i] = (i * 7919 % 256) / 255f;
        var batch = new TensorData([batchSize, .. network.Input.Shape.Select(d => (long)d)], input);
        for (var i = 0; i < 5; i++) predictor.Predict(batch); // warm-up: kernel selection, arena growth
        var runs = Math.Max(1, images / batchSize);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) predictor.Predict(batch);
        var seconds = clock.Elapsed.TotalSeconds;
        return new InferenceBenchmarkResult(modelName, batchSize, runs * batchSize, predictor.Choice.Actual.ToString(),
            runs * batchSize / seconds, seconds * 1000 / runs);
    }
}
