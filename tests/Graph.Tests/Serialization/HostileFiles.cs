using Google.Protobuf;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph.Tests.Serialization;

/// <summary>Writes deliberately broken or hostile .onnx files (raw protobuf, so anything can be expressed) for the reader tests.</summary>
public static class HostileFiles
{
    /// <summary>y = x · w with w [2, 2] = 1, 2, 3, 4 (inline).</summary>
    public static ModelProto Tiny()
    {
        var b = new GraphBuilder("tiny");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 2));
        var w = b.Initializer(Tensor.FromFloats("w", [2, 2], [1, 2, 3, 4]));
        b.Output(b.MatMul(x, w), TensorType.Float(Dim.Batch, 2), "y");
        return ModelProto.Parser.ParseFrom(ModelSerializer.ToBytes(new OnnxModel(b.Graph)));
    }

    /// <summary>Makes w external data at <paramref name="location"/>, with optional offset/length entries.</summary>
    public static ModelProto WithExternalWeight(string location, long? offset = null, long? length = null)
    {
        var model = Tiny();
        var w = model.Graph.Initializer.Single(t => t.Name == "w");
        w.RawData = ByteString.Empty;
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        if (offset is { } o) w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = o.ToString() });
        if (length is { } l) w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString() });
        return model;
    }

    /// <summary>w claims dims far beyond its bytes (a reader that trusted them would allocate terabytes).</summary>
    public static ModelProto WithAbsurdDims(long[] dims)
    {
        var model = Tiny();
        var w = model.Graph.Initializer.Single(t => t.Name == "w");
        w.Dims.Clear();
        w.Dims.AddRange(dims);
        return model;
    }

    /// <summary>An If node whose then-branch holds an If, <paramref name="depth"/> levels down.</summary>
    public static ModelProto WithNestedGraphs(int depth)
    {
        var model = Tiny();
        GraphProto Branch(int level)
        {
            var g = new GraphProto { Name = $"level_{level}" };
            g.Output.Add(new ValueInfoProto { Name = $"out_{level}" });
            var node = level == depth
                ? new NodeProto { OpType = "Identity", Input = { "x" }, Output = { $"out_{level}" } }
                : new NodeProto
                {
                    OpType = "If", Input = { "cond" }, Output = { $"out_{level}" },
                    Attribute =
                    {
                        new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = Branch(level + 1) },
                        new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = Branch(depth) },
                    },
                };
            g.Node.Add(node);
            return g;
        }
        model.Graph.Node.Add(Branch(0).Node[0]);
        return model;
    }

    public static string Save(ModelProto model, string directory, string name = "model.onnx")
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>w's values 1, 2, 3, 4 as little-endian float bytes, after <paramref name="padding"/> zero bytes.</summary>
    public static byte[] WeightBytes(int padding = 0) =>
        [.. new byte[padding], .. new[] { 1f, 2f, 3f, 4f }.SelectMany(BitConverter.GetBytes)];
}
