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

    /// <summary>One kind of hostile model issue #16 lists and the one problem the checker must report for it.</summary>
    public sealed record Refusal(Func<ModelProto> Build, ProblemKind Kind, string Where, string Message);

    /// <summary>The eight kinds of hostile model issue #16 lists (each a small file), by name.</summary>
    public static IReadOnlyDictionary<string, Refusal> Refused { get; } = new Dictionary<string, Refusal>
    {
        ["huge_dim"] = new(() => Tiny().With(m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 1_000_000_000_000),
            ProblemKind.DimensionTooLarge, "graph input 'x'", "declared dimension 1000000000000 exceeds CheckOptions.MaxDim (2147483647)"),
        ["undefined_value"] = new(() => Tiny().With(m => m.Graph.Node.Add(Op("Relu", "ghost_reader", ["ghost"], ["r"]))),
            ProblemKind.UndefinedValue, "node 'ghost_reader' (Relu)", "input 'ghost' is not defined"),
        ["cycle"] = new(() => Tiny().With(m => m.Graph.Node.Add([Op("Relu", "a", ["b_out"], ["a_out"]), Op("Relu", "b", ["a_out"], ["b_out"])])),
            ProblemKind.Cycle, "node 'a' (Relu)", "input 'b_out' is written by node 'b' (Relu), which depends on this node's own output: a cycle"),
        ["two_writers"] = new(() => Tiny().With(m => m.Graph.Node.Add(Op("Relu", "second_writer", ["x"], [m.Graph.Output[0].Name]))),
            ProblemKind.DuplicateName, "node 'second_writer' (Relu)", "output 'y' is already written by"),
        ["ir_version_99"] = new(() => Tiny().With(m => m.IrVersion = 99),
            ProblemKind.IrVersion, "model", "ir_version 99 is not supported: ONNX Runtime 1.31 loads IR versions 1 to 13"),
        ["unknown_operator"] = new(() => Tiny().With(m => m.Graph.Node.Add(Op("Frobnicate", "frob", ["x"], ["f"]))),
            ProblemKind.UnknownOperator, "node 'frob' (Frobnicate)", "ONNX defines no operator 'Frobnicate' in domain ai.onnx"),
        ["huge_string_attribute"] = new(() => Tiny().With(m => m.Graph.Node.Add(Op("Constant", "chatty", [], ["i"],
                new AttributeProto { Name = "value_string", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFrom(new byte[10 << 20]) }))),
            ProblemKind.AttributeTooLarge, "node 'chatty' (Constant) attribute 'value_string'", "10485760 bytes of String exceed CheckOptions.MaxAttributeBytes (1048576)"),
        ["hundred_thousand_inputs"] = new(() => Tiny().With(m => m.Graph.Node.Add(Op("Sum", "wide", Enumerable.Repeat("x", 100_000), ["s"]))),
            ProblemKind.TooManyInputsOrOutputs, "node 'wide' (Sum)", "100000 inputs exceed CheckOptions.MaxNodeArity (10000)"),
    };

    private static NodeProto Op(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes) =>
        new() { OpType = opType, Name = name, Input = { inputs }, Output = { outputs }, Attribute = { attributes } };

    private static ModelProto With(this ModelProto model, Action<ModelProto> change)
    {
        change(model);
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
