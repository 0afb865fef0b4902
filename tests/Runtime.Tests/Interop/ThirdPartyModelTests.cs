using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>Models exported by CNTK and PyTorch: our reader summarizes them and the Predictor runs them as OpenCV does.</summary>
public class ThirdPartyModelTests
{
    [ThirdPartyFact]
    public void ResNet18_from_cntk_is_summarized()
    {
        var summary = OnnxSummary.Of(ModelSerializer.Load(ThirdPartyModels.ResNet18));
        Assert.StartsWith("CNTK", summary.Producer);
        Assert.Equal(8, summary.Opsets.Single(o => o.Domain is "" or "ai.onnx").Version);
        Assert.Equal("Input247", summary.Inputs.Single().Name);
        Assert.Equal("float32[1,3,224,224]", summary.Inputs[0].Type.ToString());
        Assert.Equal("float32[1,512,1,1]", summary.Outputs.Single().Type.ToString());
        Assert.Equal(["Add", "AveragePool", "BatchNormalization", "Conv", "MaxPool", "Relu"], summary.OpHistogram.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        // The float initializers are nearly the whole file (CNTK stores them as raw data).
        Assert.InRange(summary.ParameterCount * 4, new FileInfo(ThirdPartyModels.ResNet18).Length * 0.95, new FileInfo(ThirdPartyModels.ResNet18).Length);
    }

    [ThirdPartyFact]
    public void ResNet18_runs_in_the_predictor_as_in_opencv()
    {
        var x = Uniform([1, 3, 224, 224], seed: 4);
        using var predictor = Predictor.Load(ThirdPartyModels.ResNet18);
        var features = (float[])predictor.Predict(x).Data;
        Assert.Equal(512, features.Length);
        ExportedModels.AssertClose(IndependentConsumerTests.OpenCvDnn(ThirdPartyModels.ResNet18, x), features, "ResNet18 features vs OpenCV", rtol: 1e-3);
    }

    [ThirdPartyFact]
    public void Wake_word_model_from_pytorch_runs_in_the_predictor_as_in_opencv()
    {
        using var predictor = Predictor.Load(ThirdPartyModels.WakeWord);
        var input = predictor.Inputs.Single();
        Assert.Equal("float32[1,25,96]", input.Type.ToString());
        var x = Uniform([1, 25, 96], seed: 5);
        var y = (float[])predictor.Run(new Dictionary<string, TensorData> { [input.Name] = x })[predictor.Outputs[0].Name].Data;
        Assert.InRange(y.Single(), 0f, 1f); // a sigmoid score
        ExportedModels.AssertClose(IndependentConsumerTests.OpenCvDnn(ThirdPartyModels.WakeWord, x), y, "wake-word score vs OpenCV");
    }

    /// <summary>
    /// Every op of CNTK's ResNet18 has a gradient rule, so its whole base can train: one train step on a batch of 2
    /// reports the cross-entropy of the exported (untrained) model's predictions and moves the first convolution.
    /// </summary>
    [ThirdPartyFact]
    public void ResNet18_base_trains_end_to_end()
    {
        var head = new Graph.Layers.Sequential("head", new Graph.Layers.ModelInput(1, 1, 512), new Graph.Layers.Flatten(),
            new Graph.Layers.Dense(3, Graph.Layers.ActivationKind.Softmax));
        var transfer = FineTuning.Prepare(ModelSerializer.Load(ThirdPartyModels.ResNet18), "Pooling395_Output_0", head, freezeBase: false, seed: 2);
        var x = Uniform([2, 3, 224, 224], seed: 6);
        var probabilities = PredictWith(transfer.ToOnnx(), x);
        var expectedLoss = -(Math.Log(probabilities[0]) + Math.Log(probabilities[3 + 2])) / 2; // targets: class 0, class 2

        var artifacts = Graph.Artifacts.TrainingArtifacts.Build(transfer, new Graph.Losses.CategoricalCrossentropy(), new Graph.Optimizers.Sgd(), [],
            new Graph.Artifacts.ArtifactOptions { Opset = transfer.Opset });
        using var engine = new TrainingEngine(artifacts.TrainStep, null, Device.Cpu, allowCpuFallback: false);
        engine.LoadState(artifacts.InitialState);
        var buffers = engine.Train.Prepare(2);
        ((float[])x.Data).CopyTo(buffers.Input.Floats);
        float[] target = [1, 0, 0, 0, 0, 1];
        target.CopyTo(buffers.Target!.Floats);
        engine.Train.Run(lr: 0.01f, step: 1, seed: 0);

        Assert.Equal(expectedLoss, engine.Train.Scalars[0], 3);
        var firstConv = transfer.ParameterInfos.First(p => p.Shape.Length == 4).Name;
        Assert.NotEqual(artifacts.InitialState[firstConv].ToFloats(), engine.ReadState()[firstConv].ToFloats());
    }

    private static float[] PredictWith(OnnxModel model, TensorData x)
    {
        using var dir = new TempDir();
        var path = ExportedModels.Save(dir, model, "transfer.onnx");
        using var predictor = Predictor.Load(path);
        return (float[])predictor.Predict(x).Data;
    }

    private static TensorData Uniform(long[] dims, int seed)
    {
        var random = new Random(seed);
        return TensorData.Of([.. Enumerable.Range(0, (int)Tensor.ElementCount(dims)).Select(_ => random.NextSingle())], dims);
    }
}
