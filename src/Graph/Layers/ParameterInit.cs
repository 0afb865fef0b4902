namespace Onnxdl.Graph.Layers;

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
