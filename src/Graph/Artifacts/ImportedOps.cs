namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Moves nodes of an imported graph to a newer default-domain opset, so they can share one model with
/// layers emitted at that opset. Only ops whose meaning is the same from opset 7 on (ONNX's operator
/// changelog) are moved as they are; the few that changed in a way we can rewrite are rewritten; any
/// other op is refused by name rather than silently reinterpreted.
/// </summary>
internal static class ImportedOps
{
    public const long MinOpset = 7;

    /// <summary>Same inputs, attributes and meaning at every opset from 7 to 21 (newer versions only add types or optional attributes).</summary>
    private static readonly HashSet<string> Stable =
    [
        "Abs", "Add", "AveragePool", "Concat", "Conv", "ConvTranspose", "Div", "Exp", "Flatten", "Gemm", "GlobalAveragePool",
        "GlobalMaxPool", "Identity", "LeakyRelu", "Log", "MatMul", "Max", "MaxPool", "Min", "Mul", "Neg", "Relu", "Reshape",
        "Sigmoid", "Sqrt", "Sub", "Sum", "Tanh", "Transpose",
    ];

    /// <summary>Returns <paramref name="nodes"/> as they must be written at opset <paramref name="to"/>; throws naming every op that cannot move.</summary>
    public static IReadOnlyList<Node> Upgrade(IReadOnlyList<Node> nodes, long from, long to, string source)
    {
        if (from == to) return nodes;
        if (from < MinOpset)
            throw new NotSupportedException($"{source}: opset {from} is older than {MinOpset}, the oldest onnxdl imports for training.");
        var refused = nodes.Where(n => n.Domain is "" or "ai.onnx" && !Stable.Contains(n.OpType) && n.OpType is not ("BatchNormalization" or "Dropout"))
            .Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal).ToList();
        if (refused.Count > 0)
            throw new NotSupportedException(
                $"{source}: op(s) {string.Join(", ", refused)} changed meaning between opset {from} and {to}, so they cannot be combined with layers " +
                $"emitted at opset {to}; cut the model before them.");
        return [.. nodes.Select(n => n.OpType switch
        {
            "BatchNormalization" => WithoutSpatial(n, source),
            "Dropout" => new Node("Identity", n.Name, [n.Inputs[0]], [n.Outputs[0]]) { DocString = n.DocString }, // inference: a no-op
            _ => n,
        })];
    }

    /// <summary>BatchNormalization-7's spatial=1 (its default) is what opset 9 on always do; spatial=0 has no later equivalent.</summary>
    private static Node WithoutSpatial(Node node, string source)
    {
        if (node.Int("spatial", 1) != 1)
            throw new NotSupportedException($"{source}: {node} uses spatial=0, which BatchNormalization lost at opset 9.");
        return new Node(node.OpType, node.Name, node.Inputs, node.Outputs.Take(1),
            node.Attributes.Where(a => a.Name is not ("spatial" or "is_test" or "consumed_inputs"))) { DocString = node.DocString };
    }
}
