using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Reference;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Layers;

/// <summary>Training-mode forward (what the training step will contain), run by ONNX Runtime.</summary>
public class TrainingForwardTests
{
    /// <summary>
    /// A graph of the model's training forward: output "output", one output per state update ("{state}.new")
    /// and each Dropout's mask. ORT's EliminateDropout pass deletes a Dropout whose mask nobody reads, even
    /// with training_mode=true; in a training step the backward pass reads it, as the mask output does here.
    /// </summary>
    private static (OnnxModel Model, LayerContext Ctx) TrainingGraph(Functional model, long seed)
    {
        var b = new GraphBuilder("train", 17);
        var ctx = new LayerContext(b, training: true, name => b.Initializer(model.Parameters[name]), seed);
        var y = model.Forward(ctx, b.Input("input", model.InputType));
        b.Output(y, model.OutputType, "output");
        foreach (var (state, value) in ctx.StateUpdates)
            b.Output(value, TensorType.Float(model.Parameters[state].Dims.Select(Dim.Of).ToArray()), state + ".new");
        foreach (var dropout in b.Graph.Nodes.Where(n => n.OpType == "Dropout").ToList())
            b.Output(new Var(dropout.Outputs[1]), new TensorType(ElementType.Bool, null));
        return (new OnnxModel(b.Graph, 17), ctx);
    }

    [Fact]
    public void BatchNormalization_training_uses_batch_statistics_and_updates_moving_averages()
    {
        const int n = 4, c = 3, h = 3, w = 2;
        var model = new Sequential("bn", Input(h, w, c), BatchNormalization(momentum: 0.9, name: "bn")).Build(0);
        var parameters = model.ParameterInfos.Select((p, i) => Data.Tensor(p.Name, p.Shape, 40 + i, 0.5f, 1.5f)).ToDictionary(t => t.Name);
        model.SetParameters(parameters);
        var x = Data.Uniform(n * c * h * w, 7, -3, 5);

        var (graph, ctx) = TrainingGraph(model, 0);
        // ONNX Runtime's CPU build has no training_mode: the node normalizes by statistics the graph computes.
        Assert.All(graph.Graph.Nodes.Where(node => node.OpType == "BatchNormalization"), node => Assert.Equal(0, node.Int("training_mode", 0)));
        Assert.Equal(["bn.moving_mean", "bn.moving_variance"], ctx.StateUpdates.Keys);
        var outputs = Ort.RunAll(graph, x, [n, c, h, w]);

        var (mean, variance) = NaiveBatchNorm.BatchStatistics(x, n, c, h * w);
        var gamma = parameters["bn.gamma"].ToFloats();
        var beta = parameters["bn.beta"].ToFloats();
        Data.AssertClose(NaiveBatchNorm.Normalize(x, n, c, h * w, gamma, beta, mean, variance, 1e-3), outputs["output"].Data, 1e-5, 1e-5);

        var movingMean = parameters["bn.moving_mean"].ToFloats();
        var movingVariance = parameters["bn.moving_variance"].ToFloats();
        Data.AssertClose([.. Enumerable.Range(0, c).Select(i => (float)(movingMean[i] * 0.9 + mean[i] * 0.1))], outputs["bn.moving_mean.new"].Data);
        Data.AssertClose([.. Enumerable.Range(0, c).Select(i => (float)(movingVariance[i] * 0.9 + variance[i] * 0.1))], outputs["bn.moving_variance.new"].Data);
    }

    [Fact]
    public void BatchNormalization_training_on_features()
    {
        const int n = 5, f = 4;
        var model = new Sequential("bn", Input(f), BatchNormalization(name: "bn")).Build(0);
        var x = Data.Uniform(n * f, 8, -2, 2);
        var outputs = Ort.RunAll(TrainingGraph(model, 0).Model, x, [n, f]);
        var (mean, variance) = NaiveBatchNorm.BatchStatistics(x, n, f, 1);
        Data.AssertClose(NaiveBatchNorm.Normalize(x, n, f, 1, [1, 1, 1, 1], [0, 0, 0, 0], mean, variance, 1e-3), outputs["output"].Data);
        Data.AssertClose([.. variance.Select(v => (float)(0.99 + v * 0.01))], outputs["bn.moving_variance.new"].Data);
    }

    [Fact]
    public void Dropout_training_zeroes_about_rate_and_scales_the_rest()
    {
        var model = new Sequential("d", Input(4000), Dropout(0.3)).Build(0);
        var x = Data.Uniform(4000, 3, 1, 2);
        var y = Ort.Run(TrainingGraph(model, 11).Model, x, [1, 4000]);
        var zeros = y.Count(v => v == 0);
        Assert.InRange(zeros / 4000.0, 0.26, 0.34);
        for (var i = 0; i < y.Length; i++)
            if (y[i] != 0) Assert.Equal(x[i] / 0.7f, y[i], 1e-5f);
    }

    [Fact]
    public void Dropout_masks_repeat_with_the_seed_and_change_without_it()
    {
        var x = Data.Uniform(500, 3, 1, 2);
        float[] Mask(long seed)
        {
            var model = new Sequential("d", Input(500), Dense(500, name: "pre"), Dropout(0.5)).Build(0);
            return Ort.Run(TrainingGraph(model, seed).Model, x, [1, 500]);
        }
        Assert.InRange(Mask(5).Count(v => v == 0), 200, 300);
        Assert.Equal(Mask(5), Mask(5));
        Assert.NotEqual(Mask(5), Mask(6));
    }

    [Fact]
    public void Seed_cnn_training_forward_runs_without_maxpool_indices()
    {
        var model = ModelSpec.Load(Repo.Path("models/cnn.json")).Build(1);
        var (graph, _) = TrainingGraph(model, 1);
        Assert.Single(graph.Graph.Nodes.Single(n => n.OpType == "MaxPool").Outputs);
        var y = Ort.Run(graph, Data.Uniform(2 * 784, 2, 0, 1), [2, 1, 28, 28]);
        Assert.Equal(20, y.Length);
        Assert.Equal(1.0, y.Take(10).Sum(), 4);
    }
}
