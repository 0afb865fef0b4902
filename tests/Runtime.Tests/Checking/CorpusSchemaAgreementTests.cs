using Microsoft.ML.OnnxRuntime;
using Google.Protobuf;
using Onnxdl.Graph;
using Onnxdl.Graph.Proto;
using static Onnxdl.Graph.Proto.AttributeProto.Types;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// The attribute schema (generated from ONNX's changelog) agrees with ONNX Runtime on ONNX's own backend test models
/// (libonnx-testdata): each input and attribute of the first node of every node test is dropped, retyped, or joined by an unknown one, and
/// the checker refuses the mutant exactly where ONNX Runtime, creating a CPU session, refuses it for that reason; graph
/// inputs are retyped, and every mutant the checker refuses for its input types ONNX Runtime refuses too.
/// </summary>
public class CorpusSchemaAgreementTests
{
    private const string Root = "/usr/share/libonnx-testdata/data/node";

    [Fact]
    public void Input_and_attribute_mutants_are_refused_by_the_checker_exactly_when_onnx_runtime_refuses_them()
    {
        var (compared, disagreements) = (0, new List<string>());
        foreach (var test in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(test, "model.onnx")));
            // An operator ONNX Runtime 1.31 lacks leaves nothing to compare against. ONNX Runtime turns Constant nodes into
            // initializers before it verifies schemas, so it never checks their attributes; ONNX's checker does, and ours.
            if (OrtLoad.Error(original) is not null || original.Graph.Node[0].OpType == "Constant") continue;
            foreach (var (mutant, kind, reason, bothWays) in Mutants(original))
            {
                var ours = Problems(mutant).Any(p => p.Kind == kind);
                if (!ours && !bothWays) continue;
                compared++;
                var error = OrtLoad.Error(mutant);
                if (ours != (error?.Contains(reason, StringComparison.Ordinal) ?? false))
                    disagreements.Add($"{Path.GetFileName(test)}: checker {(ours ? "reports" : "does not report")} {kind}; ONNX Runtime: {error ?? "loads it"}");
            }
        }
        Assert.True(compared > 1000, $"only {compared} mutants compared; is libonnx-testdata installed (build.ps1 does it)?");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void Every_input_type_the_checker_refuses_onnx_runtime_refuses_too()
    {
        // Soundness, one way: ONNX Runtime also refuses for reasons the checker does not look at (shape inference).
        var retypes = new[] { TensorProto.Types.DataType.Float, TensorProto.Types.DataType.Double, TensorProto.Types.DataType.Int32, TensorProto.Types.DataType.Bool };
        var (refused, unsound) = (0, new List<string>());
        foreach (var test in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(test, "model.onnx")));
            if (OrtLoad.Error(original) is not null) continue;
            foreach (var input in original.Graph.Input.Where(v => v.Type?.TensorType is not null))
                foreach (var type in retypes.Where(t => (int)t != input.Type.TensorType.ElemType))
                {
                    var mutant = original.Clone();
                    mutant.Graph.Input.Single(v => v.Name == input.Name).Type.TensorType.ElemType = (int)type;
                    if (!Problems(mutant).Any(p => p.Kind is ProblemKind.WrongInputType or ProblemKind.InputTypesDiffer)) continue;
                    refused++;
                    if (OrtLoad.Error(mutant) is null) unsound.Add($"{Path.GetFileName(test)}: input '{input.Name}' as {type}: {string.Join("; ", Problems(mutant))}");
                }
        }
        Assert.True(refused > 1000, $"only {refused} mutants refused; is libonnx-testdata installed (build.ps1 does it)?");
        Assert.True(unsound.Count == 0, $"{unsound.Count} refused by the checker, loaded by ONNX Runtime:\n{string.Join("\n", unsound)}");
    }

    /// <summary>
    /// The first node's mutants: an unknown attribute added, each input emptied, each attribute dropped, each INT/FLOAT one
    /// retyped; with the problem and ONNX Runtime's reason each must raise, and whether a mutant the checker accepts is put
    /// to ONNX Runtime too. An emptied optional input is valid, and ONNX Runtime 1.31 crashes natively on some such models
    /// (taking the test host with it), so only the emptied inputs the checker refuses are.
    /// </summary>
    private static IEnumerable<(ModelProto Mutant, ProblemKind Kind, string Reason, bool BothWays)> Mutants(ModelProto original)
    {
        yield return (Mutant(original, n => n.Attribute.Add(new AttributeProto { Name = "onnxdl_unknown", Type = AttributeType.Int, I = 1 })),
            ProblemKind.UnknownAttribute, "Unrecognized attribute", true);
        var inputs = original.Graph.Node[0].Input;
        for (var i = 0; i < inputs.Count; i++)
        {
            var index = i;
            yield return (Mutant(original, n => n.Input[index] = ""), ProblemKind.MissingInput, "is marked single but has an empty string", false);
        }
        var attributes = original.Graph.Node[0].Attribute;
        for (var i = 0; i < attributes.Count; i++)
        {
            var index = i;
            yield return (Mutant(original, n => n.Attribute.RemoveAt(index)), ProblemKind.MissingAttribute, "Required attribute", true);
            if (attributes[i].Type is AttributeType.Int or AttributeType.Float)
                yield return (Mutant(original, n => Retype(n.Attribute[index])), ProblemKind.WrongAttributeType, "Mismatched attribute type", true);
        }
    }

    private static ModelProto Mutant(ModelProto original, Action<NodeProto> change)
    {
        var mutant = original.Clone();
        change(mutant.Graph.Node[0]);
        return mutant;
    }

    /// <summary>An INT attribute as FLOAT of the same value, or the reverse.</summary>
    private static void Retype(AttributeProto attribute)
    {
        if (attribute.Type == AttributeType.Int) (attribute.Type, attribute.F, attribute.I) = (AttributeType.Float, attribute.I, 0);
        else (attribute.Type, attribute.I, attribute.F) = (AttributeType.Int, (long)attribute.F, 0);
    }

    private static IReadOnlyList<CheckProblem> Problems(ModelProto model) =>
        ModelChecker.Check(ModelSerializer.Parse(model.ToByteArray(), "mutant.onnx"));

}
