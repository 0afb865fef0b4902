using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// A random change to one image. <paramref name="src"/> is a CV_32F HWC image (scaled, before
/// mean/std) and is never modified; the result goes to <paramref name="dst"/>, a different Mat,
/// with the same size and type. All randomness comes from <paramref name="rng"/>, and each call
/// draws the same count of numbers whatever the outcome, so later augmentations see stable streams.
/// </summary>
public interface IImageAugmentation : IAugmentation
{
    void Apply(Mat src, Mat dst, Random rng);
}
