namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>Average</c>: the element-wise mean of its inputs.</summary>
public sealed class Average(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Average";
    /// <inheritdoc/>
    public override string NamePrefix => "average";

    /// <inheritdoc/>
    protected override Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs) => b.Mul(inputs.Aggregate(b.Add), b.Constant(1f / inputs.Count, "one_over_count"));

    internal static Average FromSpec(SpecReader r, string? name) => new(name);
}
