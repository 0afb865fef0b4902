using Google.Protobuf;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph;

/// <summary>IR → protobuf. Tensors are always written as raw_data.</summary>
internal static class ProtoWriter
{
    public static ModelProto Write(OnnxModel model)
    {
        var proto = new ModelProto
        {
            IrVersion = model.IrVersion,
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            Domain = model.Domain,
            ModelVersion = model.ModelVersion,
            DocString = model.DocString,
            Graph = Graph(model.Graph),
        };
        proto.OpsetImport.AddRange(model.Opsets.Select(o => new OperatorSetIdProto { Domain = o.Domain, Version = o.Version }));
        proto.MetadataProps.AddRange(model.Metadata.Select(kv => new StringStringEntryProto { Key = kv.Key, Value = kv.Value }));
        return proto;
    }

    public static GraphProto Graph(OnnxGraph graph)
    {
        var proto = new GraphProto { Name = graph.Name, DocString = graph.DocString };
        proto.Node.AddRange(graph.Nodes.Select(Node));
        proto.Input.AddRange(graph.Inputs.Select(Value));
        proto.Output.AddRange(graph.Outputs.Select(Value));
        proto.ValueInfo.AddRange(graph.ValueInfos.Select(Value));
        proto.Initializer.AddRange(graph.Initializers.Select(Tensor));
        return proto;
    }

    private static NodeProto Node(Node node)
    {
        var proto = new NodeProto { OpType = node.OpType, Name = node.Name, Domain = node.Domain, DocString = node.DocString };
        proto.Input.AddRange(node.Inputs);
        proto.Output.AddRange(node.Outputs);
        proto.Attribute.AddRange(node.Attributes.Select(Attribute));
        return proto;
    }

    private static AttributeProto Attribute(Attr attr)
    {
        var proto = new AttributeProto { Name = attr.Name };
        switch (attr.Kind)
        {
            case AttrKind.Float: proto.Type = AttributeProto.Types.AttributeType.Float; proto.F = attr.F; break;
            case AttrKind.Int: proto.Type = AttributeProto.Types.AttributeType.Int; proto.I = attr.I; break;
            case AttrKind.String: proto.Type = AttributeProto.Types.AttributeType.String; proto.S = ByteString.CopyFromUtf8(attr.S); break;
            case AttrKind.Tensor: proto.Type = AttributeProto.Types.AttributeType.Tensor; proto.T = Tensor(attr.T!); break;
            case AttrKind.Graph: proto.Type = AttributeProto.Types.AttributeType.Graph; proto.G = Graph(attr.G!); break;
            case AttrKind.Floats: proto.Type = AttributeProto.Types.AttributeType.Floats; proto.Floats.AddRange(attr.Floats); break;
            case AttrKind.Ints: proto.Type = AttributeProto.Types.AttributeType.Ints; proto.Ints.AddRange(attr.Ints); break;
            case AttrKind.Strings:
                proto.Type = AttributeProto.Types.AttributeType.Strings;
                proto.Strings.AddRange(attr.Strings.Select(ByteString.CopyFromUtf8));
                break;
            case AttrKind.TypeProto: proto.Type = AttributeProto.Types.AttributeType.TypeProto; proto.Tp = attr.Tp!.Clone(); break;
        }
        return proto;
    }

    public static TensorProto Tensor(Tensor tensor)
    {
        var proto = new TensorProto
        {
            Name = tensor.Name,
            DataType = (int)tensor.ElementType,
            RawData = ByteString.CopyFrom(tensor.Raw),
            DocString = tensor.DocString,
        };
        proto.Dims.AddRange(tensor.Dims);
        return proto;
    }

    private static ValueInfoProto Value(ValueInfo info)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)info.Type.ElementType };
        if (info.Type.Shape is { } shape)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var dim in shape)
            {
                var d = new TensorShapeProto.Types.Dimension();
                if (dim.Value is { } v) d.DimValue = v;
                else if (dim.Param is { } p) d.DimParam = p;
                tensorType.Shape.Dim.Add(d);
            }
        }
        return new ValueInfoProto { Name = info.Name, DocString = info.DocString, Type = new TypeProto { TensorType = tensorType } };
    }
}
