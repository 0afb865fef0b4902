namespace Onnxdl.Graph.Layers;

/// <summary>How a parameter is initialized (Keras defaults).</summary>
public abstract record ParameterInit
{
    public static readonly ParameterInit Zeros = new Constant(0f);
    public static readonly ParameterInit Ones = new Constant(1f);

    /// <summary>Every element is <see cref="Value"/>.</summary>
    public sealed record Constant(float Value) : ParameterInit;

    /// <summary>Uniform in ±sqrt(6 / (fanIn + fanOut)).</summary>
    public sealed record GlorotUniform(long FanIn, long FanOut) : ParameterInit
    {
        public double Limit => Math.Sqrt(6.0 / (FanIn + FanOut));
    }
}
