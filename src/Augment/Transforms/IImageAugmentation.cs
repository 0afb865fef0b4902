using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// A random change to one image. <c>src</c> is a CV_32F HWC image (scaled, before
/// mean/std) and is never modified; the result goes to <c>dst</c>, a different Mat,
/// with the same size and type. All randomness comes from <c>rng</c>, and each call
/// draws the same count of numbers whatever the outcome, so later augmentations see stable streams.
/// </summary>
public interface IImageAugmentation : IAugmentation
{
    /// <summary>Writes the augmented <paramref name="src"/> into <paramref name="dst"/>, drawing every random choice from <paramref name="rng"/>; must not modify <paramref name="src"/>.</summary>
    void Apply(Mat src, Mat dst, Random rng);
}
