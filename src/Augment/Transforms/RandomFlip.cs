using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Mirrors the image with probability <paramref name="P"/>. CLI: <c>flip[:p]</c>, <c>vflip[:p]</c>.</summary>
public sealed record RandomFlip(FlipAxis Axis = FlipAxis.Horizontal, double P = 0.5) : IImageAugmentation
{
    /// <summary>The probability of flipping, in [0, 1].</summary>
    public double P { get; } = Check.Within(P, 0, 1);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng)
    {
        if (rng.NextDouble() < P) Cv2.Flip(src, dst, Axis == FlipAxis.Horizontal ? FlipMode.Y : FlipMode.X);
        else src.CopyTo(dst);
    }
}
