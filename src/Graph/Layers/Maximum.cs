namespace Onnxdl.Graph.Layers;

/// <summary>Keras' <c>Maximum</c>: the element-wise maximum of its inputs (one ONNX Max).</summary>
public sealed class Maximum(string? name = null) : Merge(name)
{
    /// <inheritdoc/>
    public override string TypeName => "Maximum";
    /// <inheritdoc/>
    public override string NamePrefix => "maximum";

    /// <inheritdoc/>
    protected override Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs) => b.Max([.. inputs]);

    internal static Maximum FromSpec(SpecReader r, string? name) => new(name);
}
