namespace Onnxdl.Graph.Layers;

/// <summary>
/// Keras' <c>Concatenate(axis=-1)</c>: joins its inputs along one axis. The axis is given in Keras' terms, on
/// the batched NHWC tensor (−1 = channels for images, features for vectors; 1 and 2 = height and width); the
/// layer maps it onto our NCHW layout. Every other dimension must agree.
/// </summary>
public sealed class Concatenate : Layer
{
    /// <summary>Concatenation along Keras axis <paramref name="axis"/> (default −1, the channel/feature axis).</summary>
    public Concatenate(int axis = -1, string? name = null) : base(name)
    {
        if (axis == 0) throw new ArgumentException($"{Label}: cannot concatenate along axis 0, the batch axis.");
        Axis = axis;
    }

    /// <summary>The axis in Keras' terms (batched NHWC or (N, F)).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string TypeName => "Concatenate";
    /// <inheritdoc/>
    public override string NamePrefix => "concatenate";

    /// <summary>A concatenation needs at least two inputs.</summary>
    public override int[] OutputShape(int[] inputShape) => OutputShape([inputShape]);

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count < 2) throw new ArgumentException($"{Label}: expected at least 2 inputs, received {inputShapes.Count}.");
        var first = inputShapes[0];
        var axis = SampleAxis(first.Length);
        var output = (int[])first.Clone();
        for (var i = 1; i < inputShapes.Count; i++)
        {
            var shape = inputShapes[i];
            if (shape.Length != first.Length || Enumerable.Range(0, first.Length).Any(d => d != axis && shape[d] != first[d]))
                throw new ArgumentException(
                    $"{Label}: inputs must match except along axis {Axis}; input 0 is {Shapes.Format(first)}, input {i} is {Shapes.Format(shape)}.");
            output[axis] += shape[axis];
        }
        return output;
    }

    /// <summary>Not used: a concatenation always has several inputs.</summary>
    public override Var Forward(LayerContext ctx, Var x) => Forward(ctx, [x]);

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, IReadOnlyList<Var> inputs) =>
        ctx.B.Concat(SampleAxis(InputShape.Length) + 1, [.. inputs]);

    /// <summary>The per-sample axis of ours (C, H, W or F) that Keras' <see cref="Axis"/> names for a rank-<paramref name="rank"/> sample.</summary>
    private int SampleAxis(int rank)
    {
        var keras = Axis < 0 ? Axis + rank + 1 : Axis;
        if (keras < 1 || keras > rank)
            throw new ArgumentException($"{Label}: axis {Axis} is out of range for inputs of rank {rank + 1} (batch included); expected 1 to {rank} or -{rank} to -1.");
        // Keras NHWC (H=1, W=2, C=3) → ours CHW (C=0, H=1, W=2); a vector's only axis stays 0.
        return rank == 3 ? keras % 3 : keras - 1;
    }

    internal override void WriteSpec(SpecWriter writer) => writer.Int("axis", Axis);

    internal static Concatenate FromSpec(SpecReader r, string? name) => new(r.Int("axis", -1), name);
}
