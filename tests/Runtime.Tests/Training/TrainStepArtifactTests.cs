using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime.Tests;

/// <summary>The seed CNN's train_step.onnx run as a plain ONNX model, checked against finite differences.</summary>
public class TrainStepArtifactTests
{
    private const int Batch = 32;
    private static readonly ArrayDataset Images = FashionMnist.Load(train: true, limit: Batch);

    private static Functional SeedCnn() =>
        ModelSpec.Load(Path.Combine(AppContext.BaseDirectory, "models", "cnn.json")).Build(11);

    private static TrainingArtifacts Artifacts(Optimizer optimizer) =>
        TrainingArtifacts.Build(SeedCnn(), new CategoricalCrossentropy(), optimizer,
            [Metric.FromName("accuracy", new CategoricalCrossentropy())]);

    private static float[] OneHot()
    {
        var y = new float[Batch * 10];
        for (var i = 0; i < Batch; i++) y[i * 10 + Images.Labels[i]] = 1;
        return y;
    }

    [Fact]
    public void Every_artifact_uses_only_the_default_domain()
    {
        var artifacts = Artifacts(new Adam());
        var model = SeedCnn().ToOnnx();
        foreach (var m in new[] { artifacts.TrainStep, artifacts.EvalStep, model })
        {
            Assert.All(m.Graph.Nodes, n => Assert.True(n.Domain is "" or "ai.onnx", $"{n} is in domain '{n.Domain}'"));
            Assert.All(m.Opsets, o => Assert.True(o.Domain is "" or "ai.onnx", $"opset import '{o.Domain}'"));
        }
    }

    /// <summary>Each parameter's update follows its gradient: the dense kernel is updated before the conv's backward pass runs.</summary>
    [Fact]
    public void The_seed_cnn_updates_each_parameter_as_soon_as_its_gradient_exists()
    {
        var names = Artifacts(new Adam()).TrainStep.Graph.Nodes.Select(n => n.Name).ToList();
        var denseUpdate = names.FindIndex(n => n.StartsWith("adam/dense_1.kernel/"));
        var convBackward = names.FindIndex(n => n.StartsWith("grad/conv2d_1/"));
        Assert.True(denseUpdate >= 0 && convBackward >= 0, "both parts are in the graph");
        Assert.True(denseUpdate < convBackward, $"dense_1.kernel's update is node {denseUpdate}, the conv's backward starts at {convBackward}");
    }

    /// <summary>
    /// The train step pools before the conv's Relu, by four stride-2 Convs on shifted crops and a Max fold (no
    /// MaxPool, so no ArgMax or MaxUnpool in its backward pass); the exported model keeps Keras's Conv → Relu → MaxPool.
    /// </summary>
    [Fact]
    public void The_seed_cnn_train_step_pools_by_shifted_strided_convs_before_its_relu()
    {
        var nodes = Artifacts(new Adam()).TrainStep.Graph.Nodes;
        Assert.DoesNotContain(nodes, n => n.OpType is "MaxPool" or "MaxUnpool");
        Assert.Equal(4, nodes.Count(n => n.OpType == "Conv" && !n.Name.StartsWith("grad/") && n.Ints("strides")!.SequenceEqual([2L, 2])));
        var relu = Assert.Single(nodes, n => n.OpType == "Relu");
        Assert.Equal("Max", nodes.Single(n => n.Outputs.Contains(relu.Inputs[0])).OpType);
        Assert.Equal(["Conv", "Relu", "MaxPool"], SeedCnn().ToOnnx().Graph.Nodes.Select(n => n.OpType).Where(op => op is "Conv" or "Relu" or "MaxPool"));
    }

    /// <summary>The seed CNN ends in Dense(softmax): its cross-entropy must be the stable one on logits.</summary>
    [Fact]
    public void The_seed_cnn_loss_is_computed_from_logits()
    {
        var nodes = Artifacts(new Adam()).TrainStep.Graph.Nodes;
        Assert.Contains(nodes, n => n.OpType == "LogSoftmax");
        Assert.DoesNotContain(nodes, n => n.OpType is "Log" or "Clip");
    }

    [Fact]
    public void Adam_steps_lower_the_loss_on_a_fixed_batch()
    {
        using var model = new Model(SeedCnn());
        model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"]);
        var source = new TargetArraySource(Images.Features, [1, 28, 28], OneHot(), 10);
        var losses = model.Fit(source, new FitOptions { Epochs = 8, BatchSize = Batch, Shuffle = false })["loss"];
        Assert.True(losses[^1] < 0.8 * losses[0], $"losses {string.Join(", ", losses)}");
    }

    /// <summary>
    /// With SGD, (w − w′)/lr is the gradient the step used. It must match central differences of the
    /// step's own loss output at sampled coordinates of every parameter. Float32 with eps 2e-3 on a loss
    /// of order 1: differences are good to ~1e-3 absolute, so the bound is 2e-3 + 5% relative.
    /// </summary>
    [Fact]
    public void One_SGD_step_moves_each_parameter_by_learning_rate_times_the_finite_difference_gradient()
    {
        const float lr = 0.1f, eps = 2e-3f;
        var artifacts = Artifacts(new Sgd { LearningRate = lr });
        using var session = new InferenceSession(ModelSerializer.ToBytes(artifacts.TrainStep));
        var state = artifacts.InitialState.ToDictionary(kv => kv.Key, kv => kv.Value.ToFloats());
        // Zero biases put every background pixel (a zero patch) exactly on ReLU's kink, where finite
        // differences average the two one-sided slopes; small random biases move them off it.
        var biasRandom = new Random(9);
        foreach (var bias in state.Where(kv => kv.Key.EndsWith(".bias")).Select(kv => kv.Value))
            for (var i = 0; i < bias.Length; i++) bias[i] = (float)(biasRandom.NextDouble() - 0.5) * 0.2f;
        var noiseName = artifacts.TrainStep.Graph.Inputs.Single(i => i.Name.EndsWith(ArtifactNames.NoiseSuffix)).Name;
        var noise = new float[Batch * 128];
        NoiseSource.Fill(noise, 1, 1, 0);

        (float Loss, Dictionary<string, float[]> Updated) Run()
        {
            var inputs = new Dictionary<string, OrtValue>
            {
                [ArtifactNames.Input] = OrtValue.CreateTensorValueFromMemory(Images.Features, [Batch, 1, 28, 28]),
                [ArtifactNames.Target] = OrtValue.CreateTensorValueFromMemory(OneHot(), [Batch, 10]),
                [ArtifactNames.LearningRate] = OrtValue.CreateTensorValueFromMemory(new[] { lr }, []),
                [ArtifactNames.Step] = OrtValue.CreateTensorValueFromMemory(new[] { 1L }, []),
                [noiseName] = OrtValue.CreateTensorValueFromMemory(noise, [Batch, 128]),
            };
            foreach (var (name, values) in state)
                inputs[name] = OrtValue.CreateTensorValueFromMemory(values, artifacts.InitialState[name].Dims);
            var names = session.OutputNames.ToArray();
            using var outputs = session.Run(new RunOptions(), inputs.Keys.ToArray(), inputs.Values.ToArray(), names);
            foreach (var v in inputs.Values) v.Dispose();
            var results = names.Zip(outputs).ToDictionary(p => p.First, p => p.Second.GetTensorDataAsSpan<float>().ToArray());
            return (results[ArtifactNames.Loss][0], results);
        }

        var (_, updated) = Run();
        var random = new Random(3);
        foreach (var name in new[] { "conv2d_1.kernel", "conv2d_1.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias" })
        {
            var w = state[name];
            var stepGradient = w.Select((v, i) => (v - updated[ArtifactNames.Updated(name)][i]) / lr).ToArray();
            var largest = Enumerable.Range(0, w.Length).OrderByDescending(i => Math.Abs(stepGradient[i])).Take(2);
            foreach (var i in largest.Concat(Enumerable.Range(0, 2).Select(_ => random.Next(w.Length))))
            {
                var original = w[i];
                w[i] = original + eps;
                var plus = Run().Loss;
                w[i] = original - eps;
                var minus = Run().Loss;
                w[i] = original;
                var numeric = (plus - minus) / (2 * eps);
                Assert.True(Math.Abs(numeric - stepGradient[i]) <= 2e-3 + 0.05 * Math.Abs(numeric),
                    $"{name}[{i}]: step gradient {stepGradient[i]}, finite difference {numeric}");
            }
        }
    }
}
