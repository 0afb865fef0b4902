using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// Cuts a window whose sides are a fraction uniform in [MinFraction, 1] of the image's (same
/// fraction for both, so the aspect ratio stays) at a random position inside the image, and
/// resizes it back to the original size. CLI: <c>crop[:minFraction]</c>.
/// </summary>
public sealed record RandomCrop(double MinFraction) : IImageAugmentation
{
    /// <summary>The smallest crop side as a fraction of the image side, in (0, 1].</summary>
    public double MinFraction { get; } = Check.Fraction(MinFraction);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng)
    {
        var size = src.Size();
        using var scope = new MatScope();
        var window = scope.Own(new Mat(src, Window(size, rng)));
        Cv2.Resize(window, dst, size, 0, 0, InterpolationFlags.Linear);
    }

    /// <summary>A window that always lies inside an image of <paramref name="size"/>.</summary>
    internal Rect Window(Size size, Random rng)
    {
        double fraction = rng.NextUniform(MinFraction, 1);
        int width = Math.Clamp((int)Math.Round(size.Width * fraction), 1, size.Width);
        int height = Math.Clamp((int)Math.Round(size.Height * fraction), 1, size.Height);
        return new Rect(rng.Next(size.Width - width + 1), rng.Next(size.Height - height + 1), width, height);
    }
}
