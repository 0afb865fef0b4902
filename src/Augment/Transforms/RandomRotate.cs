using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Rotates about the center by an angle uniform in [−MaxDegrees, MaxDegrees]. CLI: <c>rotate[:degrees]</c>.</summary>
public sealed record RandomRotate(double MaxDegrees) : IImageAugmentation
{
    /// <summary>The largest rotation either way, in degrees, in [0, 180].</summary>
    public double MaxDegrees { get; } = Check.Within(MaxDegrees, 0, 180);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng) =>
        AffineWarp.Apply(src, dst, rng.NextUniform(-MaxDegrees, MaxDegrees), 1, 0, 0);
}
