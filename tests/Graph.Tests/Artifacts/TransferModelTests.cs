using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Artifacts;

/// <summary>
/// An imported graph (written here the way CNTK writes one: opset 8, batch fixed to 1, BatchNormalization-7
/// with spatial) cut at a value, with a Sequential head: export against base-then-head run separately, and
/// train-step gradients of a trainable base against finite differences of the eval step.
/// </summary>
public class TransferModelTests
{
    private static readonly int[] PooledShape = [2, 2, 2];

    /// <summary>x [1,1,6,6] → Conv → BatchNormalization → Relu → MaxPool ("pooled" [1,2,2,2]) → Flatten → Gemm ("logits").</summary>
    private static OnnxModel CntkLikeBase(string extraOp = "")
    {
        var g = new OnnxGraph("cntk_like");
        g.Inputs.Add(new ValueInfo("Input3", TensorType.Float(1, 1, 6, 6)));
        foreach (var t in new[]
                 {
                     Data.Tensor("w", [2, 1, 3, 3], 1), Data.Tensor("b", [2], 2), Data.Tensor("scale", [2], 3, 0.5f, 1.5f),
                     Data.Tensor("shift", [2], 4), Data.Tensor("mean", [2], 5), Data.Tensor("var", [2], 6, 0.5f, 2f),
                     Data.Tensor("fc", [8, 3], 7),
                 })
            g.Initializers.Add(t);
        g.Nodes.Add(new Node("Conv", "Convolution1", ["Input3", "w", "b"], ["conv"], [Attr.IntList("kernel_shape", [3, 3])]));
        g.Nodes.Add(new Node("BatchNormalization", "BatchNorm1", ["conv", "scale", "shift", "mean", "var"], ["bn"],
            [Attr.Int("spatial", 1), Attr.Float("epsilon", 1e-5f)]));
        g.Nodes.Add(new Node(extraOp.Length > 0 ? extraOp : "Relu", "Activation1", ["bn"], ["act"]));
        g.Nodes.Add(new Node("MaxPool", "Pooling1", ["act"], ["pooled"], [Attr.IntList("kernel_shape", [2, 2]), Attr.IntList("strides", [2, 2])]));
        g.Nodes.Add(new Node("Flatten", "Flatten1", ["pooled"], ["flat"]));
        g.Nodes.Add(new Node("MatMul", "Dense1", ["flat", "fc"], ["logits"]));
        g.Outputs.Add(new ValueInfo("logits", TensorType.Float(1, 3)));
        g.Outputs.Add(new ValueInfo("pooled", TensorType.Float(1, 2, 2, 2)));
        return new OnnxModel(g, opset: 8) { IrVersion = 4, ProducerName = "CNTK" };
    }

    private static Sequential Head(int seed = 1) => new Sequential("head", Input(2, 2, 2), Flatten(), Dense(3, activation: "softmax")).Build(seed);

    private static float[] Images(int n, int seed) => Data.Uniform(n * 36, seed, 0, 1);

    [Fact]
    public void Export_equals_the_base_then_the_head()
    {
        var transfer = new TransferModel(CntkLikeBase(), "pooled", PooledShape, Head(), trainBase: false);
        var x = Images(3, 11);
        var y = Ort.Run(transfer.ToOnnx(), x, [3, 1, 6, 6]);

        var features = new List<float>();
        for (var i = 0; i < 3; i++) features.AddRange(Ort.RunAll(Renamed(CntkLikeBase()), x[(i * 36)..((i + 1) * 36)], [1, 1, 6, 6])["pooled"].Data);
        Data.AssertClose(Ort.Run(Head().ToOnnx(), [.. features], [3, 2, 2, 2]), y);
    }

    [Fact]
    public void The_export_keeps_base_names_drops_the_tail_and_moves_to_opset_17()
    {
        var model = new TransferModel(CntkLikeBase(), "pooled", PooledShape, Head(), trainBase: false).ToOnnx();
        Assert.Equal(17, model.Opset);
        Assert.Equal(["Convolution1", "BatchNorm1", "Activation1", "Pooling1"], model.Graph.Nodes.Take(4).Select(n => n.Name));
        Assert.DoesNotContain(model.Graph.Nodes, n => n.Name is "Flatten1" or "Dense1");
        Assert.Null(model.Graph.Nodes[1].Attribute("spatial"));
        Assert.Equal("float32[N,1,6,6]", model.Graph.Inputs.Single().Type.ToString());
    }

    [Fact]
    public void Frozen_base_trains_only_the_head()
    {
        var transfer = new TransferModel(CntkLikeBase(), "pooled", PooledShape, Head(), trainBase: false);
        Assert.Equal(["dense_1.kernel", "dense_1.bias"], transfer.ParameterInfos.Select(p => p.Name));
        var artifacts = TrainingArtifacts.Build(transfer, new CategoricalCrossentropy(), new Sgd(), []);
        Assert.Contains(artifacts.TrainStep.Graph.Initializers, t => t.Name == "w"); // the base stays a constant
    }

    [Fact]
    public void Trainable_base_gradients_match_finite_differences()
    {
        var transfer = new TransferModel(CntkLikeBase(), "pooled", PooledShape, Head(), trainBase: true);
        // BatchNormalization's running statistics stay constants; the rest of the base becomes parameters.
        Assert.Equal(["w", "b", "scale", "shift", "dense_1.kernel", "dense_1.bias"], transfer.ParameterInfos.Select(p => p.Name));
        var artifacts = TrainingArtifacts.Build(transfer, new CategoricalCrossentropy(), new Sgd(), []);
        var x = Images(4, 12);
        double[] target = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0];
        var state = artifacts.InitialState;

        // SGD with lr 1: updated = p − g.
        using var train = new Ort(artifacts.TrainStep);
        var feeds = Feeds(x, target, state).Append((ArtifactNames.LearningRate, Array.Empty<long>(), new[] { 1.0 })).Append((ArtifactNames.Step, Array.Empty<long>(), new[] { 1.0 })).ToList();
        using var eval = new Ort(artifacts.EvalStep);
        foreach (var name in new[] { "w", "scale", "b" })
        {
            var p = state[name].ToFloats().Select(v => (double)v).ToArray();
            var updated = train.Run(feeds, ArtifactNames.Updated(name))[0].Values;
            for (var i = 0; i < p.Length; i += 3)
            {
                double Loss(double delta)
                {
                    var moved = (double[])p.Clone();
                    moved[i] += delta;
                    var inputs = Feeds(x, target, state).Select(f => f.Name == name ? (f.Name, f.Shape, moved) : f).ToList();
                    return eval.Run(inputs, ArtifactNames.Loss)[0].Values[0];
                }
                var numeric = (Loss(1e-2) - Loss(-1e-2)) / 2e-2;
                var analytic = p[i] - updated[i];
                Assert.True(Math.Abs(numeric - analytic) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"d loss / d {name}[{i}]: finite differences {numeric}, train step {analytic}");
            }
        }
    }

    [Fact]
    public void Ops_without_gradient_rules_are_named_unless_frozen()
    {
        // Softplus has no gradient rule. (The base is kept at opset 17: moving it from opset 8 would refuse Softplus first.)
        var atSeventeen = CntkLikeBase("Softplus");
        atSeventeen.Opsets[0] = new OpsetId("", 17);
        atSeventeen.Graph.Nodes[1].Attributes.RemoveAll(a => a.Name == "spatial");
        var e = Assert.Throws<NotSupportedException>(() => new TransferModel(atSeventeen, "pooled", PooledShape, Head(), trainBase: true));
        Assert.Contains("cannot train the base: no gradient rule for Softplus (node 'Activation1')", e.Message);
        var frozen = new TransferModel(atSeventeen, "pooled", PooledShape, Head(), trainBase: false);
        Assert.NotNull(TrainingArtifacts.Build(frozen, new CategoricalCrossentropy(), new Sgd(), []).TrainStep);
    }

    [Fact]
    public void Bad_cuts_and_heads_are_explained()
    {
        var e = Assert.Throws<ArgumentException>(() => new TransferModel(CntkLikeBase(), "nope", PooledShape, Head(), trainBase: false));
        Assert.Contains("has no node output 'nope' to cut at", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TransferModel(CntkLikeBase(), "pooled", [2, 4, 4], Head(), trainBase: false));
        Assert.Contains("Head 'head': its input (2, 2, 2) (C, H, W order) must equal the per-sample shape (2, 4, 4) of the cut value 'pooled'", e.Message);
        var withSqueeze = CntkLikeBase("Squeeze");
        var refused = Assert.Throws<NotSupportedException>(() => new TransferModel(withSqueeze, "pooled", PooledShape, Head(), trainBase: false));
        Assert.Contains("op(s) Squeeze changed meaning between opset 8 and 17", refused.Message);
    }

    /// <summary>The base with its input named "input", for the test Ort helper.</summary>
    private static OnnxModel Renamed(OnnxModel model)
    {
        model.Graph.Inputs[0] = new ValueInfo(ArtifactNames.Input, model.Graph.Inputs[0].Type);
        model.Graph.Nodes[0].Inputs[0] = ArtifactNames.Input;
        return model;
    }

    private static IEnumerable<(string Name, long[] Shape, double[] Values)> Feeds(float[] x, double[] target, IReadOnlyDictionary<string, Tensor> state) =>
        new[] { (ArtifactNames.Input, new long[] { 4, 1, 6, 6 }, x.Select(v => (double)v).ToArray()), (ArtifactNames.Target, new long[] { 4, 3 }, target) }
            .Concat(state.Select(kv => (kv.Key, kv.Value.Dims, kv.Value.ToFloats().Select(v => (double)v).ToArray())));
}
