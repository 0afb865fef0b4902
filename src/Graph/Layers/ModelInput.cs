namespace Onnxdl.Graph.Layers;

/// <summary>
/// A model's input, given Keras-style: (features) or (height, width, channels). <see cref="Shape"/> is
/// ours, per sample: (F) or (C, H, W); the ONNX input is [N, ...Shape].
/// </summary>
public sealed record ModelInput
{
    /// <summary>The input in Keras' order: [features] or [height, width, channels]; stored as NCHW.</summary>
    public ModelInput(params int[] kerasShape)
    {
        if (kerasShape.Length is not (1 or 3) || kerasShape.Any(d => d <= 0))
            throw new ArgumentException(
                $"Input: expected (features) or (height, width, channels) of positive sizes, received {Shapes.Format(kerasShape)}.");
        KerasShape = kerasShape;
        Shape = kerasShape.Length == 3 ? [kerasShape[2], kerasShape[0], kerasShape[1]] : kerasShape;
        Tensor = KerasTensor.Of(this);
    }

    /// <summary>As the user gave it: (F) or (H, W, C).</summary>
    public int[] KerasShape { get; }

    /// <summary>Per-sample NCHW order: (F) or (C, H, W).</summary>
    public int[] Shape { get; }

    /// <summary>The symbolic tensor that stands for this input in a <see cref="Functional"/> model (always the same one).</summary>
    public KerasTensor Tensor { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Input{Shapes.Format(KerasShape)}";
}
