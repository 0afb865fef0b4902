using System.Text.Json;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Support;

namespace Onnxdl.Graph.Tests.Inspection;

public class OnnxSummaryTests
{
    [Fact]
    public void Summary_of_the_exported_seed_cnn()
    {
        var onnx = ModelSerializer.Parse(ModelSerializer.ToBytes(ModelSpec.Load(Repo.Path("models/cnn.json")).Build(0).ToOnnx()));
        var summary = OnnxSummary.Of(onnx);
        Assert.Equal("input", summary.Inputs.Single().Name);
        Assert.Equal("float32[N,1,28,28]", summary.Inputs[0].Type.ToString());
        Assert.Equal("float32[N,10]", summary.Outputs.Single().Type.ToString());
        Assert.Equal(693_962, summary.ParameterCount); // the count: 320 + 692,352 + 1,290
        var ops = summary.OpHistogram.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(new Dictionary<string, int>
        {
            ["Conv"] = 1, ["Relu"] = 1, ["MaxPool"] = 1, ["Flatten"] = 1, ["Gemm"] = 2, ["Sigmoid"] = 1, ["Softmax"] = 1,
        }, ops);
        Assert.Equal(8, summary.NodeCount);

        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("ops").GetProperty("Gemm").GetInt32());
        Assert.Equal(17, json.RootElement.GetProperty("opsets")[0].GetProperty("version").GetInt64());
        Assert.Contains("Parameters: 693,962", summary.ToText());
    }

    [Fact]
    public void Initializers_listed_as_inputs_are_not_reported_as_inputs()
    {
        var b = new GraphBuilder("g");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 2));
        var w = b.Initializer(Tensor.FromFloats("w", [2], [1f, 2f]));
        b.Graph.Inputs.Add(new ValueInfo("w", TensorType.Float(2)));
        b.Output(b.Mul(x, w), TensorType.Float(Dim.Batch, 2), "y");
        var summary = OnnxSummary.Of(new OnnxModel(b.Graph));
        Assert.Equal(["x"], summary.Inputs.Select(v => v.Name));
        Assert.Equal(2, summary.ParameterCount);
    }
}
