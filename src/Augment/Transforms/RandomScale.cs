using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Zooms about the center by a factor uniform in [1 − MaxDelta, 1 + MaxDelta]. CLI: <c>scale[:delta]</c>.</summary>
public sealed record RandomScale(double MaxDelta) : IImageAugmentation
{
    /// <summary>Below 1 so the zoom factor stays positive (0 would collapse the image).</summary>
    public double MaxDelta { get; } = Check.Within(MaxDelta, 0, 0.9);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng) =>
        AffineWarp.Apply(src, dst, 0, 1 + rng.NextUniform(-MaxDelta, MaxDelta), 0, 0);
}
