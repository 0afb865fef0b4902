using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Anything <see cref="AugmentationParser.Parse"/> can produce: a per-image or a per-batch augmentation.</summary>
public interface IAugmentation;

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

/// <summary>A random change to a whole batch (features and labels together), e.g. Mixup or CutMix.</summary>
public interface IBatchAugmentation : IAugmentation
{
    /// <summary>Augments the batch in place (features and labels), drawing every random choice from <paramref name="rng"/>.</summary>
    void Apply(Batch batch, Random rng);
}
