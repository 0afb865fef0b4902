using Onnx.Graph;

namespace Onnx.Runtime.Tests.Interop;

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

    private static TensorData Uniform(long[] dims, int seed)
    {
        var random = new Random(seed);
        return TensorData.Of([.. Enumerable.Range(0, (int)Tensor.ElementCount(dims)).Select(_ => random.NextSingle())], dims);
    }
}
