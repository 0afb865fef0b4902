namespace Onnxdl.Graph.Layers;

/// <summary>
/// Keras-style factories for <c>using static Onnxdl.Graph.Layers.Keras;</c>. Sizes take an int (square) or
/// an (h, w) tuple; activations are Keras names ("relu") or the constants below.
/// </summary>
public static class Keras
{
    /// <summary>No activation.</summary>
    public const string Linear = "linear";
    /// <summary>max(x, 0).</summary>
    public const string Relu = "relu";
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public const string Sigmoid = "sigmoid";
    /// <summary>Hyperbolic tangent.</summary>
    public const string Tanh = "tanh";
    /// <summary>Softmax over the last axis.</summary>
    public const string Softmax = "softmax";

    /// <summary>Input(28, 28, 1) = (H, W, C) → ONNX [N, 1, 28, 28]; Input(2) → [N, 2].</summary>
    public static ModelInput Input(params int[] shape) => new(shape);

    /// <summary><c>Dense(units, activation)</c> as in Keras.</summary>
    public static Dense Dense(int units, string activation = Linear, bool useBias = true, string? name = null) =>
        new(units, ActivationKinds.Parse(activation, "Dense"), useBias, name);

    /// <summary><c>Conv2D(filters, kernel_size, strides, padding, dilation_rate, activation)</c> as in Keras (padding "valid" or "same").</summary>
    public static Conv2D Conv2D(int filters, Size2 kernelSize, Size2? strides = null, string padding = "valid", Size2? dilationRate = null,
        string activation = Linear, bool useBias = true, string? name = null) =>
        new(filters, kernelSize, strides, Paddings.Parse(padding, "Conv2D"), dilationRate, ActivationKinds.Parse(activation, "Conv2D"), useBias, name);

    /// <summary><c>MaxPooling2D(pool_size=2, strides=pool_size, padding)</c> as in Keras.</summary>
    public static MaxPooling2D MaxPooling2D(Size2? poolSize = null, Size2? strides = null, string padding = "valid", string? name = null) =>
        new(poolSize, strides, Paddings.Parse(padding, "MaxPooling2D"), name);

    /// <summary><c>AveragePooling2D(pool_size=2, strides=pool_size, padding)</c> as in Keras (padding excluded from the mean).</summary>
    public static AveragePooling2D AveragePooling2D(Size2? poolSize = null, Size2? strides = null, string padding = "valid", string? name = null) =>
        new(poolSize, strides, Paddings.Parse(padding, "AveragePooling2D"), name);

    /// <summary><c>GlobalAveragePooling2D()</c>: the mean over each channel.</summary>
    public static GlobalAveragePooling2D GlobalAveragePooling2D(string? name = null) => new(name);

    /// <summary><c>Flatten()</c>: [N, …] to [N, product].</summary>
    public static Flatten Flatten(string? name = null) => new(name);

    /// <summary><c>Dropout(rate)</c>.</summary>
    public static Dropout Dropout(double rate, string? name = null) => new(rate, name);

    /// <summary><c>Activation(name)</c>: one of "linear", "relu", "sigmoid", "tanh", "softmax".</summary>
    public static ActivationLayer Activation(string activation, string? name = null) => new(ActivationKinds.Parse(activation, "Activation"), name);

    /// <summary><c>BatchNormalization(momentum, epsilon)</c> as in Keras.</summary>
    public static BatchNormalization BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, string? name = null) =>
        new(momentum, epsilon, name);
}
