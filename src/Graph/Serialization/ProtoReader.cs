using System.Runtime.InteropServices;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph;

/// <summary>protobuf → IR, validating what a hostile or truncated file could get wrong.</summary>
internal static class ProtoReader
{
    /// <summary>
    /// Subgraphs (If/Loop bodies) deeper than this are refused. Kept well under what protobuf's own recursion
    /// limit (100 messages, three per subgraph level) would let through, so this check is the one that speaks.
    /// </summary>
    public const int MaxGraphDepth = 16;

    /// <summary>Reads <paramref name="proto"/>; each external data file it reads is added to <paramref name="externalFiles"/> (its location).</summary>
    public static OnnxModel Read(ModelProto proto, string source, string? baseDirectory, ISet<string>? externalFiles = null)
    {
        if (proto.Graph is null)
            throw new OnnxFormatException($"{source}: not a valid ONNX model (it has no graph).");
        if (proto.IrVersion <= 0)
            throw new OnnxFormatException($"{source}: not a valid ONNX model (ir_version is {proto.IrVersion}, expected ≥ 1).");
        if (proto.OpsetImport.Count == 0 && proto.IrVersion >= 3)
            throw new OnnxFormatException($"{source}: not a valid ONNX model (no opset_import).");
        // onnxdl's IR has no place for them: dropped, every node calling one would read as an unknown operator and
        // every rewrite (finetune, train from a model) would write a broken file. Refused by name instead.
        if (proto.Functions.Count > 0)
            throw new OnnxFormatException(
                $"{source}: model-local functions are not supported ({string.Join(", ", proto.Functions.Select(f => $"{f.Domain}.{f.Name}"))}); " +
                "inline them first (Python: onnx.inliner.inline_local_functions(model)).");

        var context = new ReadContext(source, baseDirectory, externalFiles);
        var model = new OnnxModel(Graph(proto.Graph, context, depth: 0))
        {
            IrVersion = proto.IrVersion,
            ProducerName = proto.ProducerName,
            ProducerVersion = proto.ProducerVersion,
            Domain = proto.Domain,
            ModelVersion = proto.ModelVersion,
            DocString = proto.DocString,
        };
        model.Opsets.Clear();
        model.Opsets.AddRange(proto.OpsetImport.Select(o => new OpsetId(o.Domain, o.Version)));
        model.Metadata.AddRange(proto.MetadataProps.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)));
        return model;
    }

    private sealed record ReadContext(string Source, string? BaseDirectory, ISet<string>? ExternalFiles);

    private static OnnxGraph Graph(GraphProto proto, ReadContext context, int depth)
    {
        if (depth > MaxGraphDepth)
            throw new OnnxFormatException($"{context.Source}: subgraphs nested deeper than {MaxGraphDepth} levels.");
        if (proto.SparseInitializer.Count > 0)
            throw new OnnxFormatException(
                $"{context.Source}: sparse initializers are not supported ('{proto.SparseInitializer[0].Values?.Name}' in graph '{proto.Name}'); store them as dense initializers.");
        var graph = new OnnxGraph(proto.Name) { DocString = proto.DocString };
        graph.Inputs.AddRange(proto.Input.Select(Value));
        graph.Outputs.AddRange(proto.Output.Select(Value));
        graph.ValueInfos.AddRange(proto.ValueInfo.Select(Value));
        graph.Initializers.AddRange(proto.Initializer.Select(t => Tensor(t, context)));
        graph.Nodes.AddRange(proto.Node.Select(n => Node(n, context, depth)));
        return graph;
    }

    private static Node Node(NodeProto proto, ReadContext context, int depth) =>
        new(proto.OpType, proto.Name, proto.Input, proto.Output, proto.Attribute.Select(a => Attribute(a, context, depth)))
        {
            Domain = proto.Domain,
            DocString = proto.DocString,
        };

    private static Attr Attribute(AttributeProto proto, ReadContext context, int depth) => proto.Type switch
    {
        AttributeProto.Types.AttributeType.Float => Attr.Float(proto.Name, proto.F),
        AttributeProto.Types.AttributeType.Int => Attr.Int(proto.Name, proto.I),
        AttributeProto.Types.AttributeType.String => Attr.String(proto.Name, proto.S.ToStringUtf8()),
        AttributeProto.Types.AttributeType.Tensor => Attr.Tensor(proto.Name, Tensor(proto.T ?? throw Missing(proto, "t", context), context)),
        AttributeProto.Types.AttributeType.Graph => Attr.Graph(proto.Name, Graph(proto.G ?? throw Missing(proto, "g", context), context, depth + 1)),
        AttributeProto.Types.AttributeType.Floats => Attr.FloatList(proto.Name, [.. proto.Floats]),
        AttributeProto.Types.AttributeType.Ints => Attr.IntList(proto.Name, [.. proto.Ints]),
        AttributeProto.Types.AttributeType.Strings => Attr.StringList(proto.Name, [.. proto.Strings.Select(s => s.ToStringUtf8())]),
        AttributeProto.Types.AttributeType.TypeProto => Attr.Type(proto.Name, proto.Tp ?? throw Missing(proto, "tp", context)),
        _ => throw new OnnxFormatException(
            $"{context.Source}: attribute '{proto.Name}' has type {proto.Type}, which onnxdl does not read."),
    };

    /// <summary>An attribute whose declared type's field is absent (e.g. type TENSOR without <c>t</c>).</summary>
    private static OnnxFormatException Missing(AttributeProto proto, string field, ReadContext context) =>
        new($"{context.Source}: attribute '{proto.Name}' has type {proto.Type} but no '{field}' field holding its value.");

    private static ValueInfo Value(ValueInfoProto proto)
    {
        if (proto.Type?.TensorType is not { } tensor)
            return new ValueInfo(proto.Name, new TensorType(ElementType.Undefined, null), proto.DocString);
        IReadOnlyList<Dim>? shape = tensor.Shape?.Dim.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => Dim.Of(d.DimValue),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => Dim.Symbol(d.DimParam),
            _ => Dim.Unknown,
        }).ToArray();
        return new ValueInfo(proto.Name, new TensorType((ElementType)tensor.ElemType, shape), proto.DocString);
    }

    private static Tensor Tensor(TensorProto proto, ReadContext context)
    {
        var type = (ElementType)proto.DataType;
        var dims = proto.Dims.ToArray();
        long count;
        try
        {
            count = global::Onnxdl.Graph.Tensor.ElementCount(dims);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new OnnxFormatException($"{context.Source}: tensor '{proto.Name}' has impossible dims [{string.Join(",", dims)}].", e);
        }
        var size = type.SizeOf();
        if (size == 0)
            throw new OnnxFormatException($"{context.Source}: tensor '{proto.Name}' has element type {type}, which onnxdl does not read.");
        long bytes;
        try { bytes = checked(count * size); }
        catch (OverflowException e)
        {
            throw new OnnxFormatException($"{context.Source}: tensor '{proto.Name}' claims {count} elements, beyond any real model.", e);
        }
        var raw = proto.DataLocation == TensorProto.Types.DataLocation.External
            ? ExternalData.Read(proto, bytes, context.Source, context.BaseDirectory, context.ExternalFiles)
            : InlineData(proto, type, count, bytes, context.Source);
        return new Tensor(proto.Name, type, dims, raw) { DocString = proto.DocString };
    }

    /// <summary>Takes raw_data or the typed repeated field, checking the element count before copying.</summary>
    private static byte[] InlineData(TensorProto proto, ElementType type, long count, long bytes, string source)
    {
        if (!proto.RawData.IsEmpty || count == 0)
        {
            if (proto.RawData.Length != bytes)
                throw new OnnxFormatException(
                    $"{source}: tensor '{proto.Name}' dims [{string.Join(",", proto.Dims)}] need {bytes} bytes of {type}, raw_data has {proto.RawData.Length}.");
            return proto.RawData.ToByteArray();
        }
        var (found, raw) = type switch
        {
            ElementType.Float => (proto.FloatData.Count, Bytes<float>([.. proto.FloatData])),
            ElementType.Double => (proto.DoubleData.Count, Bytes<double>([.. proto.DoubleData])),
            ElementType.Int64 => (proto.Int64Data.Count, Bytes<long>([.. proto.Int64Data])),
            ElementType.UInt32 or ElementType.UInt64 => (proto.Uint64Data.Count, Narrow(proto.Uint64Data.Select(v => (long)v), type)),
            _ => (proto.Int32Data.Count, Narrow(proto.Int32Data.Select(v => (long)v), type)),
        };
        if (found != count)
            throw new OnnxFormatException(
                $"{source}: tensor '{proto.Name}' dims [{string.Join(",", proto.Dims)}] need {count} values, it holds {found}.");
        return raw;
    }

    private static byte[] Bytes<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>ONNX stores small integer types (and float16 bits) widened in int32_data/uint64_data.</summary>
    private static byte[] Narrow(IEnumerable<long> values, ElementType type)
    {
        var size = type.SizeOf();
        var list = values.ToList();
        var raw = new byte[list.Count * size];
        for (var i = 0; i < list.Count; i++)
            BitConverter.TryWriteBytes(raw.AsSpan(i * size, size), list[i]);
        return raw;
    }
}
