namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>Subtract</c>: input 0 minus input 1.</summary>
public sealed class Subtract(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Subtract";
    /// <inheritdoc/>
    public override string NamePrefix => "subtract";

    /// <inheritdoc/>
    protected override int MaxInputs => 2;

    /// <inheritdoc/>
    protected override Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs) => b.Sub(inputs[0], inputs[1]);

    internal static Subtract FromSpec(SpecReader r, string? name) => new(name);
}
