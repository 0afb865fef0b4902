namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>Add</c>: the element-wise sum of its inputs.</summary>
public sealed class Add(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Add";
    /// <inheritdoc/>
    public override string NamePrefix => "add";

    /// <inheritdoc/>
    protected override Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs) => inputs.Aggregate(b.Add);

    internal static Add FromSpec(SpecReader r, string? name) => new(name);
}
