using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Adds independent N(0, Std²) noise to every sample value (in scaled units, e.g. 0.05 of a
/// [0, 1] range). Drawn from the given <see cref="Random"/>, not OpenCV's global RNG, so it is seeded. CLI: <c>noise[:std]</c>.</summary>
public sealed record GaussianNoise(double Std) : IImageAugmentation
{
    /// <summary>The noise's standard deviation, in pixel-value units (≥ 0).</summary>
    public double Std { get; } = Check.Within(Std, 0, double.MaxValue);

    /// <inheritdoc/>
    public unsafe void Apply(Mat src, Mat dst, Random rng)
    {
        if (src.Depth() != MatType.CV_32F)
            throw new ArgumentException($"noise expects a 32-bit float image, got {src.Type()}", nameof(src));
        src.CopyTo(dst);
        if (!dst.IsContinuous())
            throw new ArgumentException("noise needs a whole Mat as destination, not a region of interest", nameof(dst));
        var values = new Span<float>((void*)dst.DataPointer, (int)dst.Total() * dst.Channels());
        for (int i = 0; i < values.Length; i++) values[i] += (float)(Std * rng.NextGaussian());
    }
}
