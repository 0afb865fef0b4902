namespace Onnxdl.Graph.Layers;

/// <summary>
/// Keras-style factories for <c>using static Onnxdl.Graph.Layers.Keras;</c>. Sizes take an int (square) or
/// an (h, w) tuple; activations are Keras names ("relu") or the constants below.
/// </summary>
public static class Keras
{
    public const string Linear = "linear";
    public const string Relu = "relu";
    public const string Sigmoid = "sigmoid";
    public const string Tanh = "tanh";
    public const string Softmax = "softmax";

    /// <summary>Input(28, 28, 1) = (H, W, C) → ONNX [N, 1, 28, 28]; Input(2) → [N, 2].</summary>
    public static ModelInput Input(params int[] shape) => new(shape);

    public static Dense Dense(int units, string activation = Linear, bool useBias = true, string? name = null) =>
        new(units, ActivationKinds.Parse(activation, "Dense"), useBias, name);

    public static Conv2D Conv2D(int filters, Size2 kernelSize, Size2? strides = null, string padding = "valid", Size2? dilationRate = null,
        string activation = Linear, bool useBias = true, string? name = null) =>
        new(filters, kernelSize, strides, Paddings.Parse(padding, "Conv2D"), dilationRate, ActivationKinds.Parse(activation, "Conv2D"), useBias, name);

    public static MaxPooling2D MaxPooling2D(Size2? poolSize = null, Size2? strides = null, string padding = "valid", string? name = null) =>
        new(poolSize, strides, Paddings.Parse(padding, "MaxPooling2D"), name);

    public static AveragePooling2D AveragePooling2D(Size2? poolSize = null, Size2? strides = null, string padding = "valid", string? name = null) =>
        new(poolSize, strides, Paddings.Parse(padding, "AveragePooling2D"), name);

    public static GlobalAveragePooling2D GlobalAveragePooling2D(string? name = null) => new(name);

    public static Flatten Flatten(string? name = null) => new(name);

    public static Dropout Dropout(double rate, string? name = null) => new(rate, name);

    public static ActivationLayer Activation(string activation, string? name = null) => new(ActivationKinds.Parse(activation, "Activation"), name);

    public static BatchNormalization BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, string? name = null) =>
        new(momentum, epsilon, name);
}
