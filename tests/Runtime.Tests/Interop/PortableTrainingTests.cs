using System.Text.Json;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>
/// train_step.onnx is portable: onnxruntime-node, told only model.onnx, train_step.onnx and the file
/// convention (interop/node/train.mjs), runs the same training loop and gets our losses and state.
/// </summary>
public class PortableTrainingTests
{
    private const float Lr = 0.01f;
    private const int Steps = 4, BatchSize = 6, Classes = 4;

    public static TheoryData<string> Models() => ["tiny_cnn", "tiny_resnet"];

    /// <summary>
    /// Conv + BatchNormalization (state updated by the forward pass) + Dense, Adam (optimizer states): every kind of
    /// state; as a Sequential stack, and as a functional residual block with a projection shortcut.
    /// </summary>
    private static Functional Model(string name)
    {
        if (name == "tiny_cnn")
            return new Sequential(name, Input(6, 6, 1), Conv2D(3, 3, activation: "relu"), BatchNormalization(),
                MaxPooling2D(2), Flatten(), Dense(Classes, activation: "softmax"));
        var x = Input(6, 6, 1);
        var main = BatchNormalization().Call(Conv2D(3, 3, padding: "same").Call(ReLU().Call(Conv2D(3, 3, padding: "same").Call(x))));
        var sum = ReLU().Call(Add().Call(main, BatchNormalization().Call(Conv2D(3, 1).Call(x))));
        return new Functional(name, x, Dense(Classes, activation: "softmax").Call(GlobalAveragePooling2D().Call(sum)));
    }

    [NodeTheory]
    [MemberData(nameof(Models))]
    public void Onnxruntime_node_trains_like_our_engine(string model)
    {
        using var dir = new TempDir();
        var network = Model(model).Build(5);
        var artifacts = TrainingArtifacts.Build(network, new CategoricalCrossentropy(), new Adam(), []);
        var modelPath = ExportedModels.Save(dir, network.ToOnnx(), "model.onnx");
        var trainPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(modelPath)!, "train_step.onnx");
        ModelSerializer.Save(artifacts.TrainStep, trainPath);
        var batches = Batches(network);

        var (losses, state) = OurEngine(artifacts, batches);

        var batchesPath = trainPath + ".batches.json";
        File.WriteAllText(batchesPath, JsonSerializer.Serialize(batches.Select(b => new { input = NodeRuntime.Json(b.X), target = NodeRuntime.Json(b.Y) })));
        var node = NodeRuntime.Node(["train.mjs", trainPath, modelPath, batchesPath, Lr.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        ExportedModels.AssertClose(losses, NodeRuntime.Floats(node["losses"]!), "losses");
        var nodeState = node["state"]!.AsObject();
        Assert.Equal(state.Keys.Order(), nodeState.Select(kv => kv.Key).Order());
        foreach (var (name, tensor) in state)
            ExportedModels.AssertClose(tensor.ToFloats(), NodeRuntime.Floats(nodeState[name]!["data"]!), $"state '{name}' after {Steps} steps");
        Assert.True(losses[^1] < losses[0], $"losses {string.Join(", ", losses)} should fall on a repeated batch");
    }

    /// <summary>The same batch each step, so the loss must fall; one-hot targets.</summary>
    private static List<(TensorData X, TensorData Y)> Batches(Functional model)
    {
        var x = ExportedModels.Batch(model, BatchSize, seed: 21);
        var y = new float[BatchSize * Classes];
        for (var i = 0; i < BatchSize; i++) y[i * Classes + i % Classes] = 1;
        return [.. Enumerable.Repeat((x, TensorData.Of(y, BatchSize, Classes)), Steps)];
    }

    private static (float[] Losses, Dictionary<string, Tensor> State) OurEngine(TrainingArtifacts artifacts, List<(TensorData X, TensorData Y)> batches)
    {
        using var engine = new TrainingEngine(artifacts.TrainStep, null, Device.Cpu, allowCpuFallback: false);
        engine.LoadState(artifacts.InitialState);
        var losses = new float[batches.Count];
        for (var step = 1; step <= batches.Count; step++)
        {
            var buffers = engine.Train.Prepare(BatchSize);
            ((float[])batches[step - 1].X.Data).CopyTo(buffers.Input.Floats);
            ((float[])batches[step - 1].Y.Data).CopyTo(buffers.Target!.Floats);
            engine.Train.Run(Lr, step, seed: 0);
            losses[step - 1] = engine.Train.Scalars[0];
        }
        return (losses, engine.ReadState());
    }
}
