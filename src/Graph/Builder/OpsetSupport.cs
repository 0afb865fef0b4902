namespace Onnxdl.Graph;

/// <summary>
/// The first default-domain opset at which an op exists in the form <see cref="GraphBuilder"/> emits it,
/// for the ops that need more than <see cref="Layers.ExportOptions.MinOpset"/> (ONNX's operator changelog).
/// Ops not listed exist, in the form emitted, from opset 9 on.
/// </summary>
internal static class OpsetSupport
{
    private static readonly Dictionary<string, long> Since = new(StringComparer.Ordinal)
    {
        ["Slice"] = 10, // starts/ends/axes as inputs
        ["TopK"] = 10, // k as an input
        ["Clip"] = 11, // min/max as inputs
        ["GatherElements"] = 11,
        ["ScatterElements"] = 11,
        ["ScatterND"] = 11,
        ["Range"] = 11,
        ["Dropout"] = 12, // ratio/training_mode as inputs
        ["Einsum"] = 12,
        ["Celu"] = 12,
        ["GreaterOrEqual"] = 12,
        ["LessOrEqual"] = 12,
        ["HardSwish"] = 14,
        ["Trilu"] = 14,
        ["LayerNormalization"] = 17,
        ["Col2Im"] = 18,
        ["Mish"] = 18,
        ["GroupNormalization"] = 18,
        ["Gelu"] = 20,
    };

    /// <summary>The opset from which <paramref name="opType"/> is available as emitted (9 for unlisted ops).</summary>
    public static long MinimumOpset(string opType) => Since.GetValueOrDefault(opType, 9);

    /// <summary>Throws naming <paramref name="owner"/> (a layer label) and the op when <paramref name="node"/> needs a newer opset.</summary>
    public static void Require(Node node, long opset, string owner)
    {
        if (node.Domain is not ("" or "ai.onnx")) return;
        var needed = MinimumOpset(node.OpType);
        if (opset < needed)
            throw new NotSupportedException(
                $"{owner}: op {node.OpType} (node '{node.Name}') needs opset ≥ {needed}, the export targets opset {opset}; export at opset {needed} or later.");
    }
}
