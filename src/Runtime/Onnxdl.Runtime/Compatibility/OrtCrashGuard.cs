using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Refuses user models that ONNX Runtime would crash on, before a session is created: our "never a native crash" promise
/// for models that are valid ONNX. Every session of a user's model (<see cref="Predictor"/>, serving, fine-tuning) is
/// admitted by <see cref="ThrowIfUnloadable"/> first.
/// </summary>
public static class OrtCrashGuard
{
    /// <summary>
    /// The known crash patterns. Each was seen killing the process (exit 139, SIGSEGV) while the session was created;
    /// drop an entry when the ONNX Runtime it names is upgraded and the crash is gone.
    /// </summary>
    public static IReadOnlyList<OrtCrashPattern> Known { get; } =
    [
        new("1.31", "LayerNormalization", 2, "bias", "a zero bias tensor (an initializer of the scale's shape and type)"),
    ];

    /// <summary>One message per node of <paramref name="model"/> (subgraphs included) that matches a <see cref="Known"/> pattern; empty when none does.</summary>
    public static IReadOnlyList<string> Find(OnnxModel model) => [.. Find(model.Graph)];

    /// <summary>
    /// Throws <see cref="OnnxFormatException"/> naming <paramref name="source"/> when <paramref name="model"/> is not valid ONNX
    /// (<see cref="ModelChecker"/>) or matches a known ONNX Runtime crash.
    /// </summary>
    public static void ThrowIfUnloadable(OnnxModel model, string source)
    {
        ModelChecker.ThrowIfInvalid(model, source);
        var crashes = Find(model);
        if (crashes.Count > 0) throw new OnnxFormatException($"{source}: {string.Join("\n", crashes)}");
    }

    private static IEnumerable<string> Find(OnnxGraph graph) =>
        graph.Nodes.SelectMany((node, index) =>
            Known.Where(p => p.Matches(node)).Select(p => p.Describe(node, index))
                .Concat(node.Attributes.Where(a => a.G is not null).SelectMany(a => Find(a.G!))));
}
