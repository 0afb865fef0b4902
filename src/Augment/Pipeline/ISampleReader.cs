using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Where a <see cref="BatchSource"/> gets samples from: memory or image files.</summary>
internal interface ISampleReader
{
    int Count { get; }
    int[] SampleShape { get; }
    IReadOnlyList<string> ClassNames { get; }
    int Label(int index);

    /// <summary>The finished sample, straight into the batch (no augmentation).</summary>
    void ReadChw(int index, Span<float> chw);

    /// <summary>The sample as a fresh CV_32F HWC image in <paramref name="dst"/>, ready for augmentation.</summary>
    void ReadHwc(int index, Mat dst);

    /// <summary>The last steps after augmentation (normalization, HWC → CHW).</summary>
    void WriteChw(Mat hwc, Span<float> chw);
}
