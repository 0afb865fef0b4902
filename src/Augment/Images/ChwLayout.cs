using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Moves float pixels between OpenCV's interleaved HWC Mats and planar CHW tensors.</summary>
internal static class ChwLayout
{
    /// <summary>
    /// Writes a CV_32FC(c) HWC image into <paramref name="chw"/> as (x − mean[c]) / std[c];
    /// empty <paramref name="mean"/>/<paramref name="std"/> mean 0 and 1.
    /// </summary>
    public static unsafe void Write(Mat hwc, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> chw)
    {
        int channels = hwc.Channels(), plane = hwc.Rows * hwc.Cols;
        if (hwc.Depth() != MatType.CV_32F)
            throw new ArgumentException($"expected a 32-bit float image, got {hwc.Type()}", nameof(hwc));
        if (chw.Length < channels * plane)
            throw new ArgumentException($"destination holds {chw.Length} floats; the image needs {channels}×{hwc.Rows}×{hwc.Cols} = {channels * plane}", nameof(chw));
        using var scope = new MatScope();
        var dense = hwc.IsContinuous() ? hwc : scope.Own(hwc.Clone());
        var src = new ReadOnlySpan<float>((void*)dense.DataPointer, channels * plane);
        for (int c = 0; c < channels; c++)
        {
            float m = mean.IsEmpty ? 0f : mean[c];
            float inv = std.IsEmpty ? 1f : 1f / std[c];
            var dst = chw.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++) dst[p] = (src[p * channels + c] - m) * inv;
        }
    }

    /// <summary>Fills <paramref name="dst"/> (reallocated as CV_32FC(channels), height × width) from a CHW tensor.</summary>
    public static unsafe void Read(ReadOnlySpan<float> chw, int channels, int height, int width, Mat dst)
    {
        int plane = height * width;
        if (chw.Length < channels * plane)
            throw new ArgumentException($"source holds {chw.Length} floats; expected {channels}×{height}×{width} = {channels * plane}", nameof(chw));
        dst.Create(height, width, MatType.CV_32FC(channels));
        var hwc = new Span<float>((void*)dst.DataPointer, channels * plane);
        for (int c = 0; c < channels; c++)
        {
            var src = chw.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++) hwc[p * channels + c] = src[p];
        }
    }
}
