using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Support;

namespace Onnxdl.Graph.Tests.Interchange;

/// <summary>
/// Inference export at every opset from 9 to 21: the graph ONNX Runtime runs must give the opset-17 outputs
/// (whose layers are tested against naive references), although Softmax, Gemm and friends changed meaning
/// or signature in between.
/// </summary>
public class OpsetExportTests
{
    public static TheoryData<string, long> Cases()
    {
        var cases = new TheoryData<string, long>();
        foreach (var spec in new[] { "cnn", "bn_pool", "resnet_small", "branches" })
            for (var opset = ExportOptions.MinOpset; opset <= ExportOptions.MaxOpset; opset++)
                cases.Add(spec, opset);
        return cases;
    }

    /// <summary>A spec from models/ with every parameter random (variances positive), so biases and BN statistics matter.</summary>
    internal static Functional Randomized(string spec)
    {
        var model = ModelSpec.Load(Repo.Path($"models/{spec}.json")).Build(3);
        model.SetParameters(model.ParameterInfos.Select((p, i) =>
                Data.Tensor(p.Name, p.Shape, 50 + i, p.Name.EndsWith("variance") ? 0.5f : -0.5f, p.Name.EndsWith("variance") ? 2f : 0.5f))
            .ToDictionary(t => t.Name));
        return model;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_opset_gives_the_opset_17_outputs(string spec, long opset)
    {
        var model = Randomized(spec);
        long[] shape = [3, .. model.Input.Shape.Select(d => (long)d)];
        var x = Data.Uniform((int)Tensor.ElementCount(shape), 7);

        var exported = model.ToOnnx(new ExportOptions { Opset = opset });
        var reparsed = ModelSerializer.Parse(ModelSerializer.ToBytes(exported));

        Assert.Equal(opset, reparsed.Opset);
        Assert.Equal(OnnxModel.IrVersionFor(opset), reparsed.IrVersion);
        Data.AssertClose(Ort.Run(model.ToOnnx(), x, shape), Ort.Run(exported, x, shape), rel: 1e-4, abs: 1e-6);
    }

    /// <summary>What Netron shows: every node named after its layer and documented, values named, the producer set.</summary>
    [Theory]
    [InlineData(9L)]
    [InlineData(17L)]
    [InlineData(21L)]
    public void Exports_read_well_in_netron(long opset)
    {
        var model = Randomized("bn_pool");
        var onnx = model.ToOnnx(new ExportOptions { Opset = opset });
        Assert.Equal("onnxdl", onnx.ProducerName);
        Assert.NotEmpty(onnx.DocString);
        var layers = model.Layers.Select(l => l.Name).ToHashSet();
        var graphOutputs = onnx.Graph.Outputs.Select(o => o.Name).ToHashSet();
        foreach (var node in onnx.Graph.Nodes)
        {
            Assert.Contains(node.Name.Split('/')[0], layers);
            Assert.Matches(@"^\w+ \(\w+\)$", node.DocString);
            Assert.All(node.Outputs.Where(o => !graphOutputs.Contains(o)), o => Assert.StartsWith(node.Name.Split('/')[0] + "/", o));
        }
        Assert.All(onnx.Graph.Initializers, t => Assert.Contains(t.Name.Split('.', '/')[0], layers));
    }

    [Fact]
    public void Channel_softmax_before_opset_13_is_moved_last_and_back()
    {
        var graph = Randomized("bn_pool").ToOnnx(new ExportOptions { Opset = 12 }).Graph;
        var softmax = graph.Nodes.Where(n => n.OpType == "Softmax").ToList();
        Assert.Equal(2, softmax.Count);
        Assert.Equal(3, softmax[0].Int("axis", -1)); // the conv's channel softmax, on NHWC
        Assert.Equal(2, graph.Nodes.Count(n => n.OpType == "Transpose"));
    }

    [Fact]
    public void Dense_without_bias_gets_a_zero_C_before_opset_11()
    {
        var gemm = Randomized("bn_pool").ToOnnx(new ExportOptions { Opset = 10 }).Graph.Nodes.Single(n => n.OpType == "Gemm");
        Assert.Equal(3, gemm.Inputs.Count);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(22)]
    public void Opsets_outside_9_to_21_are_refused(long opset)
    {
        var e = Assert.Throws<ArgumentException>(() => Randomized("cnn").ToOnnx(new ExportOptions { Opset = opset }));
        Assert.Contains($"opset {opset} is not supported, expected 9 to 21", e.Message);
    }

    [Fact]
    public void An_op_newer_than_the_opset_names_the_layer_and_the_op()
    {
        var model = new Sequential("gelu_model", new ModelInput(4), new GeluLayer()).Build(0);
        var e = Assert.Throws<NotSupportedException>(() => model.ToOnnx(new ExportOptions { Opset = 17 }));
        Assert.Contains("gelu_1 (Gelu): op Gelu (node 'gelu_1/Gelu') needs opset ≥ 20, the export targets opset 17", e.Message);
        Assert.Contains(model.ToOnnx(new ExportOptions { Opset = 20 }).Graph.Nodes, n => n.OpType == "Gelu");
    }

    /// <summary>A layer emitting an op from opset 20 (no shipped layer needs more than opset 9).</summary>
    private sealed class GeluLayer() : Layer(null)
    {
        public override string TypeName => "Gelu";
        public override string NamePrefix => "gelu";
        public override int[] OutputShape(int[] inputShape) => inputShape;
        public override Var Forward(LayerContext ctx, Var x) => ctx.B.Op("Gelu", [x]);
        internal override void WriteSpec(SpecWriter writer) { }
    }
}
