using System.Runtime.InteropServices;
using System.Text.Json;
using Onnxdl.Augment;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// CPU training with the step's convolutions in ONNX Runtime's blocked NCHWc layout must train exactly as the plain ONNX
/// convolutions do. Alone: it switches the layout off through the process-wide <see cref="NchwcLayout.Variable"/> and
/// profiles the sessions through the process-wide <see cref="SessionFactory.ProfileVariable"/>.
/// </summary>
[Collection(AloneCollection.Name)]
public class NchwcLayoutTests
{
    [Fact]
    public void Training_in_the_blocked_layout_reaches_the_parameters_of_plain_convolutions()
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64) Assert.True(NchwcLayout.BlockSize >= 8);
        var (blocked, blockedOps) = Train();
        Environment.SetEnvironmentVariable(NchwcLayout.Variable, "0");
        Dictionary<string, Graph.Tensor> plain;
        HashSet<string> plainOps;
        try { (plain, plainOps) = Train(); }
        finally { Environment.SetEnvironmentVariable(NchwcLayout.Variable, null); }

        // The training session itself ran the blocked kernels (not only the lowering, tested below), and only when asked to.
        if (NchwcLayout.BlockSize > 0) Assert.Contains("ReorderInput", blockedOps);
        Assert.DoesNotContain("ReorderInput", plainOps);
        Assert.Contains("Conv", plainOps);
        Assert.Equal(plain.Keys.Order(), blocked.Keys.Order());
        foreach (var (name, expected) in plain)
        {
            var (e, a) = (expected.ToFloats(), blocked[name].ToFloats());
            for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-4 * (1 + Math.Abs(e[i])), $"{name}[{i}]: plain {e[i]}, blocked {a[i]}");
        }
    }

    [Fact]
    public void The_session_loads_a_rewritten_copy_and_the_step_stays_standard_ONNX()
    {
        var b = new Graph.GraphBuilder("step");
        var x = b.Input("x", Graph.TensorType.Float(Graph.Dim.Batch, 16, 5, 5));
        var w = b.Input("w", Graph.TensorType.Float(16, 16, 3, 3));
        b.Output(b.Conv(x, w, Graph.Var.None, new Graph.ConvAttrs([3, 3], [1, 1], [1, 1, 1, 1], [1, 1])),
            Graph.TensorType.Float(Graph.Dim.Batch, 16, 5, 5), "y");
        var step = new Graph.OnnxModel(b.Graph);

        var loaded = NchwcLayout.ForCpu(step);

        if (NchwcLayout.BlockSize == 0) // an ONNX Runtime without blocked kernels (never on x86-64) loads the step as it is
        {
            Assert.NotEqual(Architecture.X64, RuntimeInformation.ProcessArchitecture);
            Assert.Same(step, loaded);
            return;
        }
        Assert.NotSame(step, loaded);
        Assert.Contains(loaded.Graph.Nodes, n => n.Domain == Graph.Artifacts.NchwcConvolutions.Domain);
        Assert.Equal(["Conv"], step.Graph.Nodes.Select(n => n.OpType));
        Assert.DoesNotContain(step.Opsets, o => o.Domain == Graph.Artifacts.NchwcConvolutions.Domain);
    }

    /// <summary>
    /// Two epochs of a 16-channel 3×3 conv stack (plain, then depthwise) on random 8×8 images: the final state, and the
    /// operators ONNX Runtime's profiles of the run's sessions timed.
    /// </summary>
    private static (Dictionary<string, Graph.Tensor> State, HashSet<string> Ops) Train()
    {
        var folder = Directory.CreateTempSubdirectory("onnxdl-nchwc-");
        Environment.SetEnvironmentVariable(SessionFactory.ProfileVariable, Path.Combine(folder.FullName, "step"));
        try
        {
            Dictionary<string, Graph.Tensor> state;
            var random = new Random(3);
            var data = new ArrayDataset(Enumerable.Range(0, 48 * 64).Select(_ => (float)random.NextDouble()).ToArray(),
                Enumerable.Range(0, 48).Select(_ => random.Next(3)).ToArray(), [1, 8, 8], ["a", "b", "c"]);
            using (var model = new Model(new Graph.Layers.Sequential("blocked", Input(8, 8, 1),
                       Conv2D(16, 3, padding: "same", activation: Relu), Conv2D(16, 3, padding: "same", activation: Relu),
                       DepthwiseConv2D(3, padding: "same"), Flatten(), Dense(3, activation: Softmax))))
            {
                model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"], new CompileOptions { Seed = 5 });
                model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 16, Seed = 9 });
                state = model.ReadState();
            } // the sessions write their profiles as they close
            return (state, [.. Directory.EnumerateFiles(folder.FullName, "*.json").SelectMany(ProfiledOps)]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SessionFactory.ProfileVariable, null);
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The op_name of every kernel event in one ONNX Runtime profile.</summary>
    private static IEnumerable<string> ProfiledOps(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        return [.. json.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node")
            .Select(e => e.TryGetProperty("args", out var a) && a.TryGetProperty("op_name", out var op) ? op.GetString() : null)
            .OfType<string>()];
    }
}
