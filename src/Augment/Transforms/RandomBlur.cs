using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Gaussian blur with σ uniform in [0, MaxSigma] (kernel size derived from σ). CLI: <c>blur[:maxSigma]</c>.</summary>
public sealed record RandomBlur(double MaxSigma) : IImageAugmentation
{
    /// <summary>The largest Gaussian blur sigma, in pixels, in [0, 100].</summary>
    public double MaxSigma { get; } = Check.Within(MaxSigma, 0, 100);

    /// <summary>Below this σ the kernel would be a single tap; copying is the same and cheaper.</summary>
    private const double NegligibleSigma = 0.3;

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng)
    {
        double sigma = rng.NextUniform(0, MaxSigma);
        if (sigma < NegligibleSigma) src.CopyTo(dst);
        else Cv2.GaussianBlur(src, dst, new Size(0, 0), sigma);
    }
}
