namespace Onnxdl.Graph.Layers;

/// <summary>
/// A symbolic tensor, as Keras' <c>KerasTensor</c>: either a model's <see cref="ModelInput"/> or the output of a
/// <see cref="Layer.Call"/> on other symbolic tensors. It carries only the per-sample shape and where it came
/// from; a <see cref="Functional"/> model is made from the graph these tensors span.
/// </summary>
public sealed class KerasTensor
{
    private static long _created;

    internal KerasTensor(Layer layer, IReadOnlyList<KerasTensor> inputs, int[] shape)
    {
        (Layer, Inputs, Shape) = (layer, inputs, shape);
        Order = Interlocked.Increment(ref _created);
    }

    private KerasTensor(ModelInput input)
    {
        (Source, Inputs, Shape) = (input, [], input.Shape);
        Order = Interlocked.Increment(ref _created);
    }

    /// <summary>The layer that produced this tensor; null for a model input.</summary>
    public Layer? Layer { get; }

    /// <summary>The model input this tensor stands for; null for a layer output.</summary>
    public ModelInput? Source { get; }

    /// <summary>The tensors the layer was called on (empty for a model input).</summary>
    public IReadOnlyList<KerasTensor> Inputs { get; }

    /// <summary>Per-sample shape: (C, H, W) or (F).</summary>
    public int[] Shape { get; }

    /// <summary>Creation order: a layer's output is always created after its inputs, so sorting by it is a topological order.</summary>
    internal long Order { get; }

    /// <summary>The symbolic tensor of a model input, so that <c>Dense(10).Call(Input(4))</c> reads as in Keras.</summary>
    public static implicit operator KerasTensor(ModelInput input) => input.Tensor;

    /// <summary>The one symbolic tensor of <paramref name="input"/> (see <see cref="ModelInput.Tensor"/>).</summary>
    internal static KerasTensor Of(ModelInput input) => new(input);
}
