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
    /// <summary>x for x &gt; 0, else <see cref="ActivationKinds.LeakyReluSlope"/>·x.</summary>
    public const string LeakyRelu = "leaky_relu";

    /// <summary>Input(28, 28, 1) = (H, W, C) → ONNX [N, 1, 28, 28]; Input(2) → [N, 2].</summary>
    public static ModelInput Input(params int[] shape) => new(shape);

    /// <summary><c>Dense(units, activation)</c> as in Keras.</summary>
    public static Dense Dense(int units, string activation = Linear, bool useBias = true, string? name = null) =>
        new(units, ActivationKinds.Parse(activation, "Dense"), useBias, name);

    /// <summary><c>Conv2D(filters, kernel_size, strides, padding, dilation_rate, activation, groups)</c> as in Keras (padding "valid" or "same").</summary>
    public static Conv2D Conv2D(int filters, Size2 kernelSize, Size2? strides = null, string padding = "valid", Size2? dilationRate = null,
        string activation = Linear, bool useBias = true, string? name = null, int groups = 1) =>
        new(filters, kernelSize, strides, Paddings.Parse(padding, "Conv2D"), dilationRate, ActivationKinds.Parse(activation, "Conv2D"), useBias, name, groups);

    /// <summary><c>DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier, dilation_rate, activation)</c> as in Keras.</summary>
    public static DepthwiseConv2D DepthwiseConv2D(Size2 kernelSize, Size2? strides = null, string padding = "valid", int depthMultiplier = 1,
        Size2? dilationRate = null, string activation = Linear, bool useBias = true, string? name = null) =>
        new(kernelSize, strides, Paddings.Parse(padding, "DepthwiseConv2D"), depthMultiplier, dilationRate,
            ActivationKinds.Parse(activation, "DepthwiseConv2D"), useBias, name);

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

    /// <summary><c>Activation(name)</c>: one of "linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu".</summary>
    public static ActivationLayer Activation(string activation, string? name = null) => new(ActivationKinds.Parse(activation, "Activation"), name);

    /// <summary><c>BatchNormalization(momentum, epsilon)</c> as in Keras.</summary>
    public static BatchNormalization BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, string? name = null) =>
        new(momentum, epsilon, name);

    /// <summary><c>ReLU()</c>: max(x, 0) as a layer of its own.</summary>
    public static ReLU ReLU(string? name = null) => new(name);

    /// <summary><c>ZeroPadding2D(padding=1)</c>: n rows/columns on every side, or (h, w) rows above and below and columns left and right.</summary>
    public static ZeroPadding2D ZeroPadding2D(Size2? padding = null, string? name = null)
    {
        var (h, w) = padding ?? 1;
        return new(h, h, w, w, name);
    }

    /// <summary><c>ZeroPadding2D(((top, bottom), (left, right)))</c>.</summary>
    public static ZeroPadding2D ZeroPadding2D(((int Top, int Bottom) Height, (int Left, int Right) Width) padding, string? name = null) =>
        new(padding.Height.Top, padding.Height.Bottom, padding.Width.Left, padding.Width.Right, name);

    /// <summary><c>Add()</c>: the sum of its inputs.</summary>
    public static Add Add(string? name = null) => new(name);

    /// <summary><c>Subtract()</c>: its first input minus its second.</summary>
    public static Subtract Subtract(string? name = null) => new(name);

    /// <summary><c>Multiply()</c>: the element-wise product of its inputs.</summary>
    public static Multiply Multiply(string? name = null) => new(name);

    /// <summary><c>Average()</c>: the element-wise mean of its inputs.</summary>
    public static Average Average(string? name = null) => new(name);

    /// <summary><c>Maximum()</c>: the element-wise maximum of its inputs.</summary>
    public static Maximum Maximum(string? name = null) => new(name);

    /// <summary><c>Concatenate(axis=-1)</c>: joins its inputs along a Keras axis (−1 = channels/features).</summary>
    public static Concatenate Concatenate(int axis = -1, string? name = null) => new(axis, name);
}
