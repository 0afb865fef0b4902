using System.Text.Json;
using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests.Benchmarks;

public class StepProfileTests
{
    private static object Kernel(string node, double microseconds) => new { cat = "Node", name = node + "_kernel_time", dur = microseconds };

    private static readonly object Run = new { cat = "Session", name = "model_run", dur = 9000 };

    /// <summary>Two steps of 32 samples; expected rates worked out by hand from MACs, samples and kernel time.</summary>
    [Fact]
    public void Layer_rows_carry_forward_and_backward_time_and_rates()
    {
        var folder = Directory.CreateTempSubdirectory("onnxdl-profile-");
        try
        {
            var train = Path.Combine(folder.FullName, "p_train.json");
            var eval = Path.Combine(folder.FullName, "p_eval.json");
            File.WriteAllText(train, JsonSerializer.Serialize(new object[]
            {
                Run, Kernel("conv2d_1/Conv", 1000), Kernel("grad/conv2d_1/Conv/Conv", 2000), Kernel("grad/conv2d_1/Conv/MatMul", 1000),
                Kernel("fused dense_1/Gemm", 500), Kernel("adam/dense_1.kernel/Sub", 60), Kernel("Less", 10),
                Run, Kernel("conv2d_1/Conv", 1000), Kernel("grad/conv2d_1/Conv/Conv", 3000), Kernel("fused dense_1/Gemm", 500),
            }));
            File.WriteAllText(eval, JsonSerializer.Serialize(new object[] { Run, Kernel("conv2d_1/Conv", 1000) }));
            var flops = new TrainingFlops([new NodeMacs("conv2d_1/Conv", 1_000_000, ReadsData: false), new NodeMacs("dense_1/Gemm", 10_000, ReadsData: true)]);

            var profile = StepProfile.FromFiles([eval, train], flops, samples: 64)!;

            Assert.Equal(2, profile.Steps);
            var conv = profile.Rows[0];
            Assert.Equal(("conv2d_1", 1.0, 3.0), (conv.Scope, conv.ForwardMs, conv.BackwardMs));
            Assert.Equal(64.0, conv.ForwardGflops!.Value, 9);                 // 2·10⁶ FLOP × 64 samples / 2 ms
            Assert.Equal(4e6 * 64 / 6e-3 / 1e9, conv.BackwardGflops!.Value, 9); // input and weight gradient: 4·10⁶ FLOP per sample over 6 ms
            var dense = profile.Rows.Single(r => r.Scope == "dense_1");
            Assert.Equal((0.5, 0.0), (dense.ForwardMs, dense.BackwardMs));
            Assert.Null(dense.BackwardGflops);
            Assert.Equal(0.03 + 0.005, profile.Rows[^1].ForwardMs, 9); // adam + Less under (other)
            Assert.Equal(StepProfile.OtherScope, profile.Rows[^1].Scope);
            Assert.Equal(1.0 + 3.0 + 0.5 + 0.035, profile.StepMs, 9);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
