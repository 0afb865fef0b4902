namespace Onnxdl.Graph.Layers;

/// <summary>
/// A layer that combines several inputs of the same shape element by element (Keras' <c>Add</c>,
/// <c>Subtract</c>, <c>Multiply</c>, <c>Average</c>, <c>Maximum</c>). Unlike Keras, shapes are not broadcast:
/// every input must have the first one's shape. No parameters.
/// </summary>
public abstract class Merge(string? name) : Layer(name)
{
    /// <summary>The number of inputs the layer takes at most (Subtract: 2).</summary>
    protected virtual int MaxInputs => int.MaxValue;

    /// <summary>A merge layer needs at least two inputs.</summary>
    public override int[] OutputShape(int[] inputShape) => OutputShape([inputShape]);

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int[]> inputShapes)
    {
        var expected = MaxInputs == int.MaxValue ? "at least 2 inputs" : $"{MaxInputs} inputs";
        if (inputShapes.Count < 2 || inputShapes.Count > MaxInputs)
            throw new ArgumentException($"{Label}: expected {expected}, received {inputShapes.Count}.");
        for (var i = 1; i < inputShapes.Count; i++)
            if (!inputShapes[i].SequenceEqual(inputShapes[0]))
                throw new ArgumentException(
                    $"{Label}: inputs must have the same shape; input 0 is {Shapes.Format(inputShapes[0])}, input {i} is {Shapes.Format(inputShapes[i])}.");
        return inputShapes[0];
    }

    /// <summary>Not used: a merge layer always has several inputs.</summary>
    public override Var Forward(LayerContext ctx, Var x) => Forward(ctx, [x]);

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, IReadOnlyList<Var> inputs) => Combine(ctx.B, inputs);

    /// <summary>Emits the combination of the batched <paramref name="inputs"/>.</summary>
    protected abstract Var Combine(GraphBuilder b, IReadOnlyList<Var> inputs);

    internal override void WriteSpec(SpecWriter writer) { }
}
