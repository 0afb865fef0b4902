using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;
using Onnxdl.Graph.Proto;
using static Onnxdl.Graph.Proto.AttributeProto.Types;
using DataType = Onnxdl.Graph.Proto.TensorProto.Types.DataType;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// Each kind of schema problem <see cref="ModelChecker"/> reports (attributes, type constraints, initializer types), on a
/// hand-made one-node model: the checker names node, operator, attribute or input, expected and actual; ONNX Runtime,
/// asked independently by creating a CPU session, refuses the same model; both accept its corrected twin.
/// </summary>
public class SchemaRefusalTests
{
    /// <summary>A broken model, its corrected twin and the one problem the broken one must raise.</summary>
    public sealed record Case(Func<ModelProto> Broken, Func<ModelProto> Fixed, ProblemKind Kind, string Where, string Message);

    public static IReadOnlyDictionary<string, Case> Cases { get; } = new Dictionary<string, Case>
    {
        ["missing_attribute"] = new(
            () => Model(Node("Cast", "cast")),
            () => Model(Node("Cast", "cast", Int("to", (long)DataType.Float))),
            ProblemKind.MissingAttribute, "node 'cast' (Cast)", "required attribute 'to' (INT) of Cast-13 is missing."),
        ["unknown_attribute"] = new(
            () => Model(Node("Relu", "relu", Float("alpha", 0.1f))),
            () => Model(Node("Relu", "relu")),
            ProblemKind.UnknownAttribute, "node 'relu' (Relu)", "attribute 'alpha' is not an attribute of Relu-14; it takes none."),
        ["attribute_of_another_version"] = new(
            () => Model(Node("Squeeze", "squeeze", Ints("axes", 0)), input: [1, 2], output: [2]),
            () => Model(Node("Squeeze", "squeeze", Ints("axes", 0)), input: [1, 2], output: [2], opset: 11),
            ProblemKind.UnknownAttribute, "node 'squeeze' (Squeeze)", "attribute 'axes' is not an attribute of Squeeze-13; it takes none."),
        ["wrong_attribute_type"] = new(
            () => Model(Node("LeakyRelu", "leaky", Int("alpha", 1))),
            () => Model(Node("LeakyRelu", "leaky", Float("alpha", 1))),
            ProblemKind.WrongAttributeType, "node 'leaky' (LeakyRelu)", "attribute 'alpha' is INT, but LeakyRelu-16 expects FLOAT."),
        ["duplicate_attribute"] = new(
            () => Model(Node("LeakyRelu", "leaky", Float("alpha", 1), Float("alpha", 2))),
            () => Model(Node("LeakyRelu", "leaky", Float("alpha", 1))),
            ProblemKind.DuplicateName, "node 'leaky' (LeakyRelu)", "attribute 'alpha' appears twice"),
        ["required_input_left_empty"] = new(
            () => Model(Node("Add", "add", "x", ""), weight: ("w", DataType.Float, [2, 2])),
            () => Model(Node("Add", "add", "x", "w"), weight: ("w", DataType.Float, [2, 2])),
            ProblemKind.MissingInput, "node 'add' (Add)", "input B of Add-14 is required, but the node leaves it empty (\"\")."),
        ["input_outside_its_constraint"] = new(
            () => Model(Node("Conv", "conv", "x", "w"), DataType.Int32, [1, 1, 2, 2], [1, 1, 1, 1], weight: ("w", DataType.Float, [1, 1, 2, 2])),
            () => Model(Node("Conv", "conv", "x", "w"), DataType.Float, [1, 1, 2, 2], [1, 1, 1, 1], weight: ("w", DataType.Float, [1, 1, 2, 2])),
            ProblemKind.WrongInputType, "node 'conv' (Conv)",
            "input 'x' (X) is tensor(int32), but Conv-11 takes T: tensor(float16), tensor(float), tensor(double) there."),
        ["inputs_of_one_constraint_differ"] = new(
            () => Model(Node("Add", "add", "x", "w"), weight: ("w", DataType.Double, [2, 2])),
            () => Model(Node("Add", "add", "x", "w"), weight: ("w", DataType.Float, [2, 2])),
            ProblemKind.InputTypesDiffer, "node 'add' (Add)",
            "input 'w' (B) is tensor(double), but input 'x' is tensor(float); Add-14 takes one type for both (T)."),
        ["initializer_declared_as_another_type"] = new(
            () => Model(Node("Add", "add", "x", "w"), weight: ("w", DataType.Float, [2, 2]), declareWeight: DataType.Double),
            () => Model(Node("Add", "add", "x", "w"), weight: ("w", DataType.Float, [2, 2]), declareWeight: DataType.Float),
            ProblemKind.InitializerTypeMismatch, "graph input 'w'",
            "declared tensor(double), but the initializer 'w' stores tensor(float); declare the stored type."),
        ["output_declared_as_another_type"] = new(
            () => Model(Node("Relu", "relu"), declareOutput: DataType.Double),
            () => Model(Node("Relu", "relu")),
            ProblemKind.InferredTypeMismatch, "node 'relu' (Relu)",
            "output 'y' is tensor(float) by Relu-14's type constraints, but the graph declares it tensor(double)."),
        ["undeclared_value_of_another_type"] = new(
            () => Chain(DataType.Double),
            () => Chain(DataType.Float),
            ProblemKind.InputTypesDiffer, "node 'add' (Add)",
            "input 'w' (B) is tensor(double), but input 'h' is tensor(float); Add-14 takes one type for both (T)."),
        ["type_set_by_cast"] = new(
            () => Chain(DataType.Float, castTo: DataType.Double),
            () => Chain(DataType.Double, castTo: DataType.Double),
            ProblemKind.InputTypesDiffer, "node 'add' (Add)",
            "input 'w' (B) is tensor(float), but input 'h' is tensor(double); Add-14 takes one type for both (T)."),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_schema_problem_is_named_and_onnx_runtime_refuses_the_model_too(string name)
    {
        var test = Cases[name];
        var problem = Assert.Single(ModelChecker.Check(ModelSerializer.Parse(test.Broken().ToByteArray(), $"{name}.onnx")));
        Assert.Equal((test.Kind, test.Where), (problem.Kind, problem.Where));
        Assert.Contains(test.Message, problem.Message);
        Assert.NotNull(OrtLoad.Error(test.Broken()));

        Assert.Empty(ModelChecker.Check(ModelSerializer.Parse(test.Fixed().ToByteArray(), $"{name}-fixed.onnx")));
        Assert.Null(OrtLoad.Error(test.Fixed()));
    }


    /// <summary>
    /// x (of <paramref name="type"/>, dims <paramref name="input"/>) → <paramref name="node"/> → y (dims <paramref name="output"/>);
    /// <paramref name="weight"/> an initializer of zeros, optionally also declared as a graph input of <paramref name="declareWeight"/>.
    /// </summary>
    private static ModelProto Model(NodeProto node, DataType type = DataType.Float, long[]? input = null, long[]? output = null,
        (string Name, DataType Type, long[] Dims)? weight = null, DataType? declareWeight = null, long opset = OnnxModel.DefaultOpset,
        DataType? declareOutput = null)
    {
        var graph = new GraphProto { Name = "g", Node = { node } };
        graph.Input.Add(Value("x", type, input ?? [2, 2]));
        graph.Output.Add(Value("y", declareOutput ?? (node.OpType == "Cast" ? DataType.Float : type), output ?? input ?? [2, 2]));
        if (weight is var (name, weightType, dims))
        {
            var size = weightType == DataType.Double ? 8 : 4;
            graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)weightType, Dims = { dims }, RawData = ByteString.CopyFrom(new byte[size * dims.Aggregate(1L, (a, b) => a * b)]) });
            if (declareWeight is { } declared) graph.Input.Add(Value(name, declared, dims));
        }
        return new ModelProto { IrVersion = OnnxModel.IrVersionFor(opset), Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = opset } } };
    }

    /// <summary>
    /// x (float) → Relu, or Cast to <paramref name="castTo"/> → h, declared nowhere → Add(h, w) → y (declared of h's type),
    /// w an initializer of <paramref name="weightType"/>: h's type is only derived.
    /// </summary>
    private static ModelProto Chain(DataType weightType, DataType? castTo = null)
    {
        var model = Model(new NodeProto { OpType = "Add", Name = "add", Input = { "h", "w" }, Output = { "y" } }, weight: ("w", weightType, [2, 2]),
            declareOutput: castTo);
        model.Graph.Node.Insert(0, castTo is { } to
            ? new NodeProto { OpType = "Cast", Name = "cast", Input = { "x" }, Output = { "h" }, Attribute = { Int("to", (long)to) } }
            : new NodeProto { OpType = "Relu", Name = "relu", Input = { "x" }, Output = { "h" } });
        return model;
    }

    private static ValueInfoProto Value(string name, DataType type, long[] dims) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto { Dim = { dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }) } } } },
    };

    private static NodeProto Node(string opType, string name, params AttributeProto[] attributes) => Node(opType, name, ["x"], attributes);

    private static NodeProto Node(string opType, string name, string first, string second) => Node(opType, name, [first, second]);

    private static NodeProto Node(string opType, string name, string[] inputs, params AttributeProto[] attributes) =>
        new() { OpType = opType, Name = name, Input = { inputs }, Output = { "y" }, Attribute = { attributes } };

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, params long[] values) => new() { Name = name, Type = AttributeType.Ints, Ints = { values } };
}
