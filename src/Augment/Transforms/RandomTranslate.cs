using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Shifts by up to ±MaxFraction of the width and height (independently uniform). CLI: <c>translate[:fraction]</c>.</summary>
public sealed record RandomTranslate(double MaxFraction) : IImageAugmentation
{
    /// <summary>The largest shift either way, as a fraction of the image side, in [0, 1].</summary>
    public double MaxFraction { get; } = Check.Within(MaxFraction, 0, 1);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng)
    {
        double dx = rng.NextUniform(-MaxFraction, MaxFraction) * src.Cols;
        double dy = rng.NextUniform(-MaxFraction, MaxFraction) * src.Rows;
        AffineWarp.Apply(src, dst, 0, 1, dx, dy);
    }
}
