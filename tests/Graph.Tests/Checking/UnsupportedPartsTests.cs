using Google.Protobuf;
using Onnxdl.Graph.Proto;
using Onnxdl.Graph.Tests.Serialization;

namespace Onnxdl.Graph.Tests.Checking;

/// <summary>
/// Model-local functions and sparse initializers, valid ONNX that onnxdl's IR cannot hold, are refused by name with
/// what to do instead, rather than dropped (which made their callers and readers look undefined).
/// </summary>
public class UnsupportedPartsTests
{
    [Fact]
    public void A_model_with_local_functions_is_refused_naming_them_and_how_to_inline_them()
    {
        var model = HostileFiles.Tiny();
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        model.Functions.Add(new FunctionProto
        {
            Name = "Twice", Domain = "com.example", Input = { "a" }, Output = { "b" },
            OpsetImport = { new OperatorSetIdProto { Version = OnnxModel.DefaultOpset } },
            Node = { new NodeProto { OpType = "Add", Input = { "a", "a" }, Output = { "b" } } },
        });
        model.Graph.Node.Add(new NodeProto { OpType = "Twice", Domain = "com.example", Input = { "y" }, Output = { "z" } });

        var e = Assert.Throws<OnnxFormatException>(() => ModelSerializer.Parse(model.ToByteArray(), "functions.onnx"));
        Assert.Equal("functions.onnx: model-local functions are not supported (com.example.Twice); " +
            "inline them first (Python: onnx.inliner.inline_local_functions(model)).", e.Message);
    }

    [Fact]
    public void A_sparse_initializer_is_refused_naming_it_and_its_graph()
    {
        var model = HostileFiles.Tiny();
        model.Graph.SparseInitializer.Add(new SparseTensorProto
        {
            Dims = { 2, 2 },
            Values = new TensorProto { Name = "s", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1 }, FloatData = { 5f } },
            Indices = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { 3 } },
        });

        var e = Assert.Throws<OnnxFormatException>(() => ModelSerializer.Parse(model.ToByteArray(), "sparse.onnx"));
        Assert.Equal("sparse.onnx: sparse initializers are not supported ('s' in graph 'tiny'); store them as dense initializers.", e.Message);
    }
}
