using Google.Protobuf;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph.Tests.Serialization;

/// <summary>A TYPE_PROTO attribute (Optional's <c>type</c>, as in ONNX's node/test_if_opt) is read and written back unchanged.</summary>
public class TypeAttributeTests
{
    [Fact]
    public void A_type_attribute_survives_a_round_trip()
    {
        var model = HostileFiles.Tiny();
        var sequenceOfFloats = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } } };
        model.Graph.Node.Add(new NodeProto
        {
            OpType = "Optional", Name = "empty", Output = { "nothing" },
            Attribute = { new AttributeProto { Name = "type", Type = AttributeProto.Types.AttributeType.TypeProto, Tp = sequenceOfFloats } },
        });
        model.OpsetImport[0].Version = 18;

        var parsed = ModelSerializer.Parse(model.ToByteArray());
        Assert.Equal(sequenceOfFloats, parsed.Graph.Nodes[^1].Attribute("type")!.Tp);
        Assert.Equal(model, ModelProto.Parser.ParseFrom(ModelSerializer.ToBytes(parsed)));
        Assert.Empty(ModelChecker.Check(parsed));
    }
}
