namespace Onnxdl.Graph.Layers;

/// <summary>
/// Inverted dropout: in training, zeroes a fraction <see cref="Rate"/> of the values and scales the rest
/// by 1/(1−rate) (ONNX Dropout, training_mode=true); at inference it emits nothing.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>Dropout of the fraction <paramref name="rate"/> in [0, 1) of inputs during training; identity in inference.</summary>
    public Dropout(double rate, string? name = null) : base(name)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentException($"{Label}: rate must be in [0, 1), received {rate}.");
        Rate = rate;
    }

    /// <summary>The fraction of inputs zeroed during training.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override string TypeName => "Dropout";
    /// <inheritdoc/>
    public override string NamePrefix => "dropout";

    /// <inheritdoc/>
    public override int[] OutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Var Forward(LayerContext ctx, Var x)
    {
        if (!ctx.Training || Rate == 0) return x;
        var ratio = ctx.B.Constant((float)Rate, "ratio");
        var training = ctx.B.Constant(Tensor.FromBools("training_mode", [], [true]));
        return ctx.B.Dropout(x, ratio, training, SeedFor(ctx.Seed)).Y;
    }

    /// <summary>The ONNX seed attribute: the context's seed mixed with this layer's index, kept in the int32 range.</summary>
    public long SeedFor(long seed) => (long)(SplitMix64.For(seed, $"dropout/{Index}").Next() & int.MaxValue);

    internal override void WriteSpec(SpecWriter writer) => writer.Double("rate", Rate);

    internal static Dropout FromSpec(SpecReader r, string? name) => new(r.Number("rate"), name);
}
