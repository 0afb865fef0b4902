namespace Onnxdl.Graph.Layers;

/// <summary>Parsing and naming of <see cref="ActivationKind"/>s.</summary>
public static class ActivationKinds
{
    /// <summary>All Keras names, in declaration order (for error messages and docs).</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ActivationKind>().Select(KerasName).ToArray();

    /// <summary>Keras' default negative slope of <c>leaky_relu</c>.</summary>
    public const float LeakyReluSlope = 0.2f;

    /// <summary>The Keras name, e.g. "relu" or "leaky_relu" (the member's name in snake case).</summary>
    public static string KerasName(this ActivationKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    /// <summary>Parses a Keras activation name; <paramref name="context"/> prefixes the error (e.g. the layer).</summary>
    public static ActivationKind Parse(string name, string context = "activation")
    {
        foreach (var kind in Enum.GetValues<ActivationKind>())
            if (kind.KerasName() == name) return kind;
        throw new ArgumentException($"{context}: unknown activation '{name}', expected one of: {string.Join(", ", Names)}.");
    }

    /// <summary>
    /// Emits the activation on a batched rank-<paramref name="rank"/> value. Softmax runs over the channel/feature
    /// axis (1), which is Keras' last axis in NHWC.
    /// </summary>
    public static Var Emit(this ActivationKind kind, GraphBuilder b, Var x, int rank) => kind switch
    {
        ActivationKind.Linear => x,
        ActivationKind.Relu => b.Relu(x),
        ActivationKind.Sigmoid => b.Sigmoid(x),
        ActivationKind.Tanh => b.Tanh(x),
        ActivationKind.Softmax => b.Softmax(x, axis: 1, rank),
        ActivationKind.LeakyRelu => b.LeakyRelu(x, LeakyReluSlope),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}
