namespace Onnxdl.Graph.Layers;

/// <summary>One model parameter: its initializer name (<c>conv2d_1.kernel</c>), shape, and whether training updates it by gradient.</summary>
public sealed record ParameterInfo(string Name, long[] Shape, bool Trainable, string Layer)
{
    /// <summary>The number of elements.</summary>
    public long Count => Tensor.ElementCount(Shape);
    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(",", Shape)}]{(Trainable ? "" : " (non-trainable)")}";
}

/// <summary>How a parameter is initialized (Keras defaults).</summary>
public abstract record ParameterInit
{
    /// <summary>All zeros.</summary>
    public static readonly ParameterInit Zeros = new Constant(0f);
    /// <summary>All ones.</summary>
    public static readonly ParameterInit Ones = new Constant(1f);

    /// <summary>Every element is <see cref="Value"/>.</summary>
    public sealed record Constant(float Value) : ParameterInit;

    /// <summary>Uniform in ±sqrt(6 / (fanIn + fanOut)).</summary>
    public sealed record GlorotUniform(long FanIn, long FanOut) : ParameterInit
    {
        /// <summary>The uniform bound √(6 / (fan_in + fan_out)).</summary>
        public double Limit => Math.Sqrt(6.0 / (FanIn + FanOut));
    }
}

/// <summary>A parameter a layer declares: name suffix (<c>kernel</c>), shape, trainability and initializer.</summary>
public sealed record ParameterDecl(string Suffix, long[] Shape, bool Trainable, ParameterInit Init);

/// <summary>Sums over parameter lists.</summary>
public static class ParameterInfoExtensions
{
    /// <summary>The float32 tensor type of a parameter (all parameters are float32).</summary>
    public static TensorType Type(this ParameterInfo p) => TensorType.Float([.. p.Shape.Select(Dim.Of)]);
}
