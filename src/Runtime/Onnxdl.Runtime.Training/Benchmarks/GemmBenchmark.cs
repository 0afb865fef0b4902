using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// This machine's practical SGEMM ceiling through ONNX Runtime: a session holding one MatMul of two n×n float
/// matrices, on the device and with the thread settings training uses, run repeatedly. Model GFLOP/s from the
/// training benchmark are read against it.
/// </summary>
public static class GemmBenchmark
{
    /// <summary>Times <paramref name="repeats"/> runs (after 3 warm-up runs) of a <paramref name="size"/>³ MatMul on <paramref name="device"/>; throws <see cref="DeviceUnavailableException"/> when the device cannot be used (no CPU fallback).</summary>
    public static GemmBenchmarkResult Run(Device device, int size = 1024, int repeats = 30)
    {
        var (options, choice) = SessionFactory.Create(device, allowCpuFallback: false, training: true);
        using var _ = options;
        using var session = new InferenceSession(ModelSerializer.ToBytes(MatMulModel(size)), options);
        var matrix = new float[size * size];
        for (var i = 0; i < matrix.Length; i++) matrix[i] = (i * 7919 % 256) / 255f;
        using var a = OrtValue.CreateTensorValueFromMemory(matrix, [size, size]);
        var names = new[] { "a", "b" };
        var values = new[] { a, a };
        using var run = new RunOptions();
        var seconds = new List<double>();
        for (var i = 0; i < repeats + 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var outputs = session.Run(run, names, values, ["y"]);
            if (i >= 3) seconds.Add(clock.Elapsed.TotalSeconds); // the first runs pay for arena growth and packing buffers
        }
        seconds.Sort();
        var flops = 2.0 * size * size * size;
        return new GemmBenchmarkResult(size, choice.Actual.ToString(), flops / seconds[0] / 1e9, flops / seconds[seconds.Count / 2] / 1e9);
    }

    private static OnnxModel MatMulModel(int size)
    {
        var b = new GraphBuilder("sgemm");
        var type = TensorType.Float(size, size);
        b.Output(b.MatMul(b.Input("a", type), b.Input("b", type)), type, "y");
        return new OnnxModel(b.Graph);
    }
}
