namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>Multiply</c>: the element-wise product of its inputs.</summary>
public sealed class Multiply(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Multiply";
    /// <inheritdoc/>
    public override string NamePrefix => "multiply";

    /// <inheritdoc/>
    protected override Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs) => inputs.Aggregate(b.Mul);

    internal static Multiply FromSpec(SpecReader r, string? name) => new(name);
}
