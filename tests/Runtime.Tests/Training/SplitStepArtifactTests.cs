using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// grad_step.onnx and apply_step.onnx run as plain ONNX models (ONNX Runtime's own session, none of the trainer's binding):
/// apply ∘ grad must compute what the fused train_step computes, BatchNormalization's moving statistics included.
/// </summary>
public class SplitStepArtifactTests
{
    private const int Batch = 8;

    private static TrainingArtifacts Artifacts()
    {
        var network = new Graph.Layers.Sequential("bn", Input(6, 6, 1), Conv2D(3, 3, activation: Relu), BatchNormalization(momentum: 0.9),
            Flatten(), Dense(4, activation: Softmax));
        network.Build(3);
        return TrainingArtifacts.Build(network, new CategoricalCrossentropy(), new Adam(), []);
    }

    [Fact]
    public void Grad_then_apply_computes_the_train_step()
    {
        var artifacts = Artifacts();
        var random = new Random(1);
        var feeds = new Dictionary<string, NamedOnnxValue>
        {
            [ArtifactNames.Input] = Floats(ArtifactNames.Input, [Batch, 1, 6, 6], [.. Enumerable.Range(0, Batch * 36).Select(_ => (float)random.NextDouble())]),
            [ArtifactNames.Target] = Floats(ArtifactNames.Target, [Batch, 4], [.. Enumerable.Range(0, Batch * 4).Select(i => i % 4 == i / 4 % 4 ? 1f : 0f)]),
            [ArtifactNames.LearningRate] = NamedOnnxValue.CreateFromTensor(ArtifactNames.LearningRate, new DenseTensor<float>(new[] { 0.01f }, [])),
            [ArtifactNames.Step] = NamedOnnxValue.CreateFromTensor(ArtifactNames.Step, new DenseTensor<long>(new[] { 3L }, [])),
        };
        foreach (var (name, t) in artifacts.InitialState)
            feeds[name] = Floats(name, [.. t.Dims.Select(d => (int)d)], [.. t.ToFloats().Select(v => v + 0.01f * (float)random.NextDouble())]);

        var fused = Run(artifacts.TrainStep, feeds);
        var gradients = Run(artifacts.GradStep, feeds);
        foreach (var (name, value) in gradients) feeds[name] = Floats(name, value.Dims, value.Values);
        var applied = Run(artifacts.ApplyStep, feeds);

        Assert.Contains("batch_normalization_1.moving_mean.updated", applied.Keys);
        Assert.Equal(fused.Keys.Where(k => k.EndsWith(ArtifactNames.UpdatedSuffix)).Order(), applied.Keys.Order());
        foreach (var (name, value) in applied)
            for (var i = 0; i < value.Values.Length; i++)
                Assert.True(Math.Abs(fused[name].Values[i] - value.Values[i]) <= 1e-6 + 1e-5 * Math.Abs(fused[name].Values[i]),
                    $"{name}[{i}]: train_step {fused[name].Values[i]}, apply ∘ grad {value.Values[i]}");
        Assert.Equal(fused[ArtifactNames.Loss].Values[0], gradients[ArtifactNames.Loss].Values[0], 6);
    }

    [Fact]
    public void The_gradient_map_joins_grad_outputs_to_apply_inputs_and_every_op_is_standard()
    {
        var artifacts = Artifacts();
        var map = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(artifacts.GradStep.GetMetadata(MetadataKeys.GradientMap)!)!;
        Assert.Equal(map, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(artifacts.ApplyStep.GetMetadata(MetadataKeys.GradientMap)!));
        Assert.All(map, kv =>
        {
            Assert.Contains(artifacts.GradStep.Graph.Outputs, o => o.Name == kv.Key);
            Assert.Contains(artifacts.ApplyStep.Graph.Inputs, i => i.Name == kv.Value);
        });
        Assert.Equal(artifacts.TrainStep.GetMetadata(MetadataKeys.StateMap), artifacts.ApplyStep.GetMetadata(MetadataKeys.StateMap));
        foreach (var m in new[] { artifacts.GradStep, artifacts.ApplyStep })
            Assert.All(m.Graph.Nodes, n => Assert.True(n.Domain is "" or "ai.onnx", $"{m.Graph.Name}: {n} is in domain '{n.Domain}'"));
    }

    private static NamedOnnxValue Floats(string name, int[] dims, float[] values) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, dims));

    /// <summary>Runs <paramref name="model"/> on the feeds it declares; returns every float output.</summary>
    private static Dictionary<string, (int[] Dims, float[] Values)> Run(OnnxModel model, Dictionary<string, NamedOnnxValue> feeds)
    {
        using var session = new InferenceSession(ModelSerializer.ToBytes(model));
        var inputs = model.Graph.Inputs.Select(i => feeds[i.Name]).ToList();
        using var results = session.Run(inputs);
        return results.Where(r => r.ElementType == TensorElementType.Float).ToDictionary(r => r.Name,
            r => (r.AsTensor<float>().Dimensions.ToArray(), r.AsTensor<float>().ToArray()));
    }
}
