using System.Text.Json;
using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests.Benchmarks;

public class StepProfileTests
{
    /// <summary>
    /// A profile as ONNX Runtime writes it: each run's kernel events (started inside the run, here 10 µs apart, each with its
    /// operator, here the node name's last part), then the run's model_run event; run k starts at k·10 ms and lasts 9 ms.
    /// </summary>
    private static object[] Runs(params (string Node, double Microseconds)[][] runs) =>
    [
        .. runs.SelectMany((kernels, k) => kernels
            .Select((n, i) => (object)new { cat = "Node", name = n.Node + "_kernel_time", ts = k * 10_000.0 + 10 * (i + 1), dur = n.Microseconds,
                args = new { op_name = n.Node.Split('/')[^1] } })
            .Append(new { cat = "Session", name = "model_run", ts = k * 10_000.0, dur = 9000.0 })),
    ];

    /// <summary>
    /// Two warm-up runs (every kernel 50 ms, left out) and two steps of 32 samples; expected rates worked out by hand from
    /// MACs, samples and kernel time. The conv's gradient nodes under input_grad/ and weight_grad/ are timed as its two
    /// products, the weight gradient's MatMul also alone (without the Conv that builds its operand), its Relu mask only in
    /// the backward total.
    /// </summary>
    [Fact]
    public void Layer_rows_carry_forward_backward_and_product_times_and_rates_of_the_steps_after_warm_up()
    {
        var folder = Directory.CreateTempSubdirectory("onnxdl-profile-");
        try
        {
            var train = Path.Combine(folder.FullName, "p_train.json");
            var eval = Path.Combine(folder.FullName, "p_eval.json");
            (string, double)[] warmup = [("conv2d_1/Conv", 50_000), ("grad/conv2d_1/Conv/input_grad/Conv", 50_000), ("adam/dense_1.kernel/Sub", 50_000)];
            File.WriteAllText(train, JsonSerializer.Serialize(Runs(warmup, warmup,
                [("conv2d_1/Conv", 1000), ("grad/conv2d_1/Conv/input_grad/Conv", 2000), ("grad/conv2d_1/Conv/weight_grad/MatMul", 1000),
                 ("grad/conv2d_1/Conv/weight_grad/Conv", 600),
                 ("grad/conv2d_1/Relu/Mul", 400), ("fused dense_1/Gemm", 500), ("adam/dense_1.kernel/Sub", 60), ("Less", 10)],
                [("conv2d_1/Conv", 1000), ("grad/conv2d_1/Conv/input_grad/Conv", 2000), ("fused dense_1/Gemm", 500)])));
            File.WriteAllText(eval, JsonSerializer.Serialize(Runs([("conv2d_1/Conv", 1000)])));
            var flops = new TrainingFlops([new NodeMacs("conv2d_1/Conv", 1_000_000, ReadsData: false), new NodeMacs("dense_1/Gemm", 10_000, ReadsData: true)]);

            var profile = StepProfile.FromFiles([eval, train], flops, samples: 128)!;

            Assert.Equal(2, profile.Steps);
            var conv = profile.Rows[0];
            Assert.Equal(("conv2d_1", 1.0, 3.0), (conv.Scope, conv.Forward.Ms, conv.Backward.Ms));
            Assert.Equal(64.0, conv.Forward.Gflops!.Value, 9);                  // 2·10⁶ FLOP × 64 samples / 2 ms
            Assert.Equal(4e6 * 64 / 6.0e-3 / 1e9, conv.Backward.Gflops!.Value, 9); // input and weight gradient: 4·10⁶ FLOP per sample over 6 ms
            Assert.Equal((2.0, 32.0), (conv.InputGradient.Ms, conv.InputGradient.Gflops!.Value)); // 2·10⁶ FLOP × 64 / 4 ms
            Assert.Equal((0.8, 80.0), (conv.WeightGradient.Ms, conv.WeightGradient.Gflops!.Value)); // 2·10⁶ FLOP × 64 / 1.6 ms
            Assert.Equal((0.5, 128.0), (conv.WeightGradientGemms.Ms, conv.WeightGradientGemms.Gflops!.Value)); // 2·10⁶ FLOP × 64 / 1 ms
            Assert.Equal((0.5, 1.25, 2.0), (conv.InputGradient.RateAgainst(conv.Forward), conv.WeightGradient.RateAgainst(conv.Forward),
                conv.WeightGradientGemms.RateAgainst(conv.Forward)));
            var dense = profile.Rows.Single(r => r.Scope == "dense_1");
            Assert.Equal((0.5, 0.0), (dense.Forward.Ms, dense.Backward.Ms));
            Assert.Null(dense.Backward.Gflops);
            Assert.Null(dense.InputGradient.RateAgainst(dense.Forward));
            Assert.Equal(0.03 + 0.005, profile.Rows[^1].Forward.Ms, 9); // adam + Less under (other)
            Assert.Equal(StepProfile.OtherScope, profile.Rows[^1].Scope);
            Assert.Equal(1.0 + 3.0 + 0.5 + 0.035, profile.StepMs, 9);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
