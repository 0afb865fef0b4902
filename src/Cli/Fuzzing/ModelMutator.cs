using Google.Protobuf;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Cli;

/// <summary>
/// Mutations of an <c>.onnx</c> file for fuzzing the reader and the checker: half are <see cref="ByteMutator"/>'s
/// format-blind ones, half change fields of the parsed <see cref="ModelProto"/> (dims huge, negative or zero; element
/// types; names emptied, duplicated or swapped; nodes, inputs and initializers dropped or duplicated; raw_data longer
/// or shorter than its dims; attribute types and sizes; IR and opset versions) and serialize it again, so the input
/// stays a well-formed protobuf that only the model-level checks can refuse. Deterministic for the generator's seed.
/// </summary>
internal static class ModelMutator
{
    private static readonly long[] Dims = [0, -1, -7, 1L << 31, 1L << 40, long.MaxValue, long.MinValue];
    private static readonly long[] Versions = [-1, 0, 1, 2, 3, 7, 13, 14, 26, 27, 99, long.MaxValue];

    /// <summary>A mutation of <paramref name="seed"/> (an encoded model; not modified).</summary>
    public static byte[] Mutate(byte[] seed, SplitMix64 random)
    {
        if (ByteMutator.Pick(random, 2) == 0) return ByteMutator.Mutate(seed, random);
        var model = ModelProto.Parser.ParseFrom(seed);
        var rounds = 1 + ByteMutator.Pick(random, 3);
        for (var i = 0; i < rounds; i++) Field(model, random);
        return model.ToByteArray();
    }

    private static void Field(ModelProto model, SplitMix64 random)
    {
        var graphs = Graphs(model.Graph).ToList();
        var graph = graphs[ByteMutator.Pick(random, graphs.Count)];
        switch (ByteMutator.Pick(random, 10))
        {
            case 0: Dim(graph, random); break;
            case 1: ElementType(graph, random); break;
            case 2: Name(graph, random); break;
            case 3: Repeat(graph.Node, random, n => n.CalculateSize()); break;
            case 4: Repeat(graph.Initializer, random, t => t.CalculateSize()); break;
            case 5:
                if (Any(graph.Node, random) is { } node) Repeat(node.Input, random, v => v.Length);
                else Repeat(graph.Input, random, v => v.CalculateSize());
                break;
            case 6: RawData(graph, random); break;
            case 7: Attribute(graph, random); break;
            case 8: model.IrVersion = Versions[ByteMutator.Pick(random, Versions.Length)]; break;
            default:
                if (Any(model.OpsetImport, random) is { } opset) opset.Version = Versions[ByteMutator.Pick(random, Versions.Length)];
                break;
        }
    }

    /// <summary>The main graph and every subgraph (If/Loop/Scan bodies), depth first.</summary>
    private static IEnumerable<GraphProto> Graphs(GraphProto? graph)
    {
        if (graph is null) yield break;
        yield return graph;
        foreach (var attribute in graph.Node.SelectMany(n => n.Attribute))
            foreach (var body in attribute.Graphs.Prepend(attribute.G).SelectMany(Graphs))
                yield return body;
    }

    private static T? Any<T>(IList<T> items, SplitMix64 random) where T : class =>
        items.Count == 0 ? null : items[ByteMutator.Pick(random, items.Count)];

    /// <summary>
    /// Drops an item, duplicates one, or appends copies of one (up to a thousand, a count check's fodder, and up to
    /// 1 MiB of copies by <paramref name="size"/>, so repeated rounds cannot grow a model past protobuf's 2 GiB).
    /// </summary>
    private static void Repeat<T>(IList<T> items, SplitMix64 random, Func<T, int> size)
    {
        if (items.Count == 0) return;
        var at = ByteMutator.Pick(random, items.Count);
        switch (ByteMutator.Pick(random, 3))
        {
            case 0: items.RemoveAt(at); break;
            case 1: items.Insert(at, items[at]); break;
            default:
                var copies = Math.Min(1 + ByteMutator.Pick(random, 1000), (1 << 20) / Math.Max(1, size(items[at])));
                for (var i = copies; i > 0; i--) items.Add(items[at]);
                break;
        }
    }

    private static IEnumerable<ValueInfoProto> Values(GraphProto graph) => graph.Input.Concat(graph.Output).Concat(graph.ValueInfo);

    private static void Dim(GraphProto graph, SplitMix64 random)
    {
        var value = Dims[ByteMutator.Pick(random, Dims.Length)];
        if (ByteMutator.Pick(random, 2) == 0 && Any(graph.Initializer, random) is { Dims.Count: > 0 } tensor)
            tensor.Dims[ByteMutator.Pick(random, tensor.Dims.Count)] = value;
        else if (Any(Values(graph).ToList(), random)?.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape)
            shape.Dim[ByteMutator.Pick(random, shape.Dim.Count)].DimValue = value;
    }

    private static void ElementType(GraphProto graph, SplitMix64 random)
    {
        var type = ByteMutator.Pick(random, 32) - 1;   // -1 and 0 (undefined) to past the last defined type
        if (ByteMutator.Pick(random, 2) == 0 && Any(graph.Initializer, random) is { } tensor) tensor.DataType = type;
        else if (Any(Values(graph).ToList(), random)?.Type?.TensorType is { } tensorType) tensorType.ElemType = type;
    }

    /// <summary>Empties a name, gives it another value's name, or swaps two nodes' first outputs.</summary>
    private static void Name(GraphProto graph, SplitMix64 random)
    {
        var names = graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(v => v.Name)).Concat(graph.Initializer.Select(t => t.Name)).ToList();
        var other = names.Count == 0 ? "" : names[ByteMutator.Pick(random, names.Count)];
        var replacement = ByteMutator.Pick(random, 2) == 0 ? "" : other;
        switch (ByteMutator.Pick(random, 4))
        {
            case 0 when Any(graph.Node, random) is { Input.Count: > 0 } node: node.Input[ByteMutator.Pick(random, node.Input.Count)] = replacement; break;
            case 1 when Any(graph.Node, random) is { Output.Count: > 0 } node: node.Output[ByteMutator.Pick(random, node.Output.Count)] = replacement; break;
            case 2 when Any(graph.Initializer, random) is { } tensor: tensor.Name = replacement; break;
            case 3 when graph.Node.Count >= 2:
                var (a, b) = (graph.Node[ByteMutator.Pick(random, graph.Node.Count)], graph.Node[ByteMutator.Pick(random, graph.Node.Count)]);
                if (a.Output.Count > 0 && b.Output.Count > 0) (a.Output[0], b.Output[0]) = (b.Output[0], a.Output[0]);
                break;
            default:
                if (Any(Values(graph).ToList(), random) is { } value) value.Name = replacement;
                break;
        }
    }

    /// <summary>raw_data cut short, lengthened, or emptied, so it disagrees with the tensor's dims.</summary>
    private static void RawData(GraphProto graph, SplitMix64 random)
    {
        if (Any(graph.Initializer, random) is not { } tensor) return;
        var raw = tensor.RawData.ToByteArray();
        tensor.RawData = ByteMutator.Pick(random, 3) switch
        {
            0 => ByteString.Empty,
            1 => ByteString.CopyFrom(raw, 0, ByteMutator.Pick(random, raw.Length + 1)),
            _ => ByteString.CopyFrom([.. raw, .. new byte[1 + ByteMutator.Pick(random, 64)]]),
        };
    }

    /// <summary>Changes an attribute's declared type (to any value, known or not) or multiplies its list.</summary>
    private static void Attribute(GraphProto graph, SplitMix64 random)
    {
        if (Any(graph.Node.SelectMany(n => n.Attribute).ToList(), random) is not { } attribute) return;
        if (ByteMutator.Pick(random, 2) == 0)
            attribute.Type = (AttributeProto.Types.AttributeType)(ByteMutator.Pick(random, 16) - 1);
        else
        {
            attribute.Ints.AddRange(Enumerable.Repeat(long.MaxValue, ByteMutator.Pick(random, 4096)));
            attribute.Floats.AddRange(Enumerable.Repeat(float.NaN, ByteMutator.Pick(random, 4096)));
        }
    }
}
