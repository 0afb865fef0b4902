namespace Onnxdl.Graph;

/// <summary>
/// A node against its operator version's schema (<see cref="OnnxOperators"/>), as ONNX's <c>OpSchema::Verify</c>
/// and ONNX Runtime's type inference see it: attributes declared, required ones present, each of its declared type;
/// required inputs not left empty;
/// inputs whose element type is known (graph inputs, initializers, value_info) within their type constraint, and
/// inputs sharing a constraint of one type; the output types that follow (<see cref="OutputTypes"/>), so values no one
/// declares are checked too.
/// </summary>
internal static class SchemaChecks
{
    /// <summary>ONNX's TensorProto.DataType names by number (onnx.proto), as type constraints spell them.</summary>
    private static readonly string[] DataTypes =
    [
        "undefined", "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16", "double",
        "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz", "float8e5m2",
        "float8e5m2fnuz", "uint4", "int4", "float4e2m1", "float8e8m0", "uint2", "int2",
    ];

    /// <summary>ONNX's name of a tensor type, e.g. tensor(float); null for an element type ONNX does not define.</summary>
    public static string? TensorType(ElementType type) =>
        type > ElementType.Undefined && (int)type < DataTypes.Length ? $"tensor({DataTypes[(int)type]})" : null;

    /// <summary>Unknown, duplicate, mistyped and missing attributes of <paramref name="node"/>.</summary>
    public static IEnumerable<(ProblemKind Kind, string Message)> Attributes(Node node, OnnxOperators.Version schema)
    {
        var op = $"{node.OpType}-{schema.Since}";
        var seen = new HashSet<string>();
        foreach (var attr in node.Attributes)
        {
            if (!seen.Add(attr.Name))
                yield return (ProblemKind.DuplicateName, $"attribute '{attr.Name}' appears twice; each attribute may be given once.");
            else if (!schema.Attributes.TryGetValue(attr.Name, out var expected))
            {
                // Names starting "__" are implementation details ONNX's checker ignores.
                if (!schema.UncheckedAttributes && !attr.Name.StartsWith("__", StringComparison.Ordinal))
                    yield return (ProblemKind.UnknownAttribute,
                        $"attribute '{attr.Name}' is not an attribute of {op}; it takes {Listed(schema.Attributes.Keys)}.");
            }
            else if (OnnxName(attr.Kind) != expected.Type)
                yield return (ProblemKind.WrongAttributeType, $"attribute '{attr.Name}' is {OnnxName(attr.Kind)}, but {op} expects {expected.Type}.");
        }
        foreach (var (name, attribute) in schema.Attributes.Where(a => a.Value.Required && !seen.Contains(a.Key)))
            yield return (ProblemKind.MissingAttribute, $"required attribute '{name}' ({attribute.Type}) of {op} is missing.");
    }

    /// <summary>Inputs left empty ("") where the operator takes a value (ONNX: "marked single but has an empty string").</summary>
    public static IEnumerable<(ProblemKind Kind, string Message)> EmptyInputs(Node node, OnnxOperators.Version schema) =>
        node.Inputs.Select((input, i) => (input, formal: schema.InputAt(i)))
            .Where(x => x.input.Length == 0 && x.formal?.Option == "single")
            .Select(x => (ProblemKind.MissingInput, $"input {x.formal!.Name} of {node.OpType}-{schema.Since} is required, but the node leaves it empty (\"\")."));

    /// <summary>
    /// Inputs of a known type outside their constraint, and inputs bound to one constraint with different types.
    /// <paramref name="types"/> maps value names to their known ONNX tensor type.
    /// </summary>
    public static IEnumerable<(ProblemKind Kind, string Message)> InputTypes(Node node, OnnxOperators.Version schema, IReadOnlyDictionary<string, string> types)
    {
        var op = $"{node.OpType}-{schema.Since}";
        var bound = new Dictionary<string, (string Type, string Input)>();
        for (var i = 0; i < node.Inputs.Count; i++)
        {
            var input = node.Inputs[i];
            if (input.Length == 0 || schema.InputAt(i) is not { } formal || !types.TryGetValue(input, out var type)) continue;
            var constrained = schema.Constraints.TryGetValue(formal.Type, out var allowed);
            if (!(constrained ? allowed!.Contains(type) : formal.Type == type))
            {
                yield return (ProblemKind.WrongInputType,
                    $"input '{input}' ({formal.Name}) is {type}, but {op} takes {(constrained ? $"{formal.Type}: {Listed(allowed!)}" : formal.Type)} there.");
                continue;
            }
            if (!constrained || formal.Option == "variadic-heterogeneous") continue;
            if (!bound.TryAdd(formal.Type, (type, input)) && bound[formal.Type].Type != type)
                yield return (ProblemKind.InputTypesDiffer,
                    $"input '{input}' ({formal.Name}) is {type}, but input '{bound[formal.Type].Input}' is {bound[formal.Type].Type}; {op} takes one type for both ({formal.Type}).");
        }
    }

    /// <summary>
    /// The element types of <paramref name="node"/>'s outputs as ONNX type inference derives them from its schema: an output
    /// whose constraint an input of known type binds takes that type, one of a fixed type (e.g. Shape's tensor(int64)) that
    /// type, Cast's the type its <c>to</c> attribute names and Constant's its tensor's. Other outputs whose type depends on
    /// attributes or subgraphs (RandomNormal's dtype, If's V) are not derived.
    /// </summary>
    public static IEnumerable<(string Output, string Type)> OutputTypes(Node node, OnnxOperators.Version schema, IReadOnlyDictionary<string, string> types)
    {
        if (node.Outputs is [{ Length: > 0 } only] && AttributeType(node) is { } set)
        {
            yield return (only, set);
            yield break;
        }
        var bound = new Dictionary<string, string>();
        for (var i = 0; i < node.Inputs.Count; i++)
            if (node.Inputs[i].Length > 0 && schema.InputAt(i) is { Option: not "variadic-heterogeneous" } formal
                && schema.Constraints.ContainsKey(formal.Type) && types.TryGetValue(node.Inputs[i], out var type))
                bound.TryAdd(formal.Type, type);
        for (var j = 0; j < node.Outputs.Count; j++)
        {
            if (node.Outputs[j].Length == 0 || schema.OutputAt(j) is not { Option: not "variadic-heterogeneous" } formal) continue;
            if (bound.TryGetValue(formal.Type, out var derived)) yield return (node.Outputs[j], derived);
            else if (schema.Constraints.TryGetValue(formal.Type, out var allowed) ? allowed.Count == 1 : formal.Type.StartsWith("tensor(", StringComparison.Ordinal))
                yield return (node.Outputs[j], allowed?.Single() ?? formal.Type);
        }
    }

    /// <summary>The output type Cast's <c>to</c> or Constant's <c>value</c> sets; null for other nodes.</summary>
    private static string? AttributeType(Node node) => node.OpType switch
    {
        "Cast" => node.Attributes.FirstOrDefault(a => a is { Name: "to", Kind: AttrKind.Int }) is { } to ? TensorType((ElementType)to.I) : null,
        "Constant" => node.Attributes.FirstOrDefault(a => a is { Name: "value", Kind: AttrKind.Tensor }) is { T: { } t } ? TensorType(t.ElementType) : null,
        _ => null,
    };

    private static string Listed(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    /// <summary>ONNX's AttributeProto.AttributeType name of an attribute kind.</summary>
    private static string OnnxName(AttrKind kind) => kind switch
    {
        AttrKind.TypeProto => "TYPE_PROTO",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
