using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Channel-count and pixel-type conversions between decoded images and float tensors.</summary>
internal static class ImageConvert
{
    /// <summary>
    /// Converts a decoded BGR(A)/grey image to <paramref name="channels"/> channels in the order
    /// models expect: 1 = grey (0.299 R + 0.587 G + 0.114 B), 3 = RGB, 4 = RGBA;
    /// 0 keeps the stored count (still reordered to RGB(A)).
    /// </summary>
    public static void ToChannels(Mat src, Mat dst, int channels)
    {
        int stored = src.Channels();
        int target = channels == 0 ? stored : channels;
        ColorConversionCodes? code = (stored, target) switch
        {
            (1, 3) => ColorConversionCodes.GRAY2RGB,
            (1, 4) => ColorConversionCodes.GRAY2RGBA,
            (3, 1) => ColorConversionCodes.BGR2GRAY,
            (3, 3) => ColorConversionCodes.BGR2RGB,
            (3, 4) => ColorConversionCodes.BGR2RGBA,
            (4, 1) => ColorConversionCodes.BGRA2GRAY,
            (4, 3) => ColorConversionCodes.BGRA2RGB,
            (4, 4) => ColorConversionCodes.BGRA2RGBA,
            _ => null,
        };
        if (code is { } c) Cv2.CvtColor(src, dst, c);
        else src.CopyTo(dst);
    }

    /// <summary>
    /// Converts to 32-bit float samples multiplied by <paramref name="scale"/>. 16-bit samples are
    /// first mapped onto the 8-bit range (÷257), so one scale (e.g. 1/255) gives [0, 1] for both depths.
    /// </summary>
    public static void ToFloat(Mat src, Mat dst, double scale)
    {
        double alpha = src.Depth() == MatType.CV_16U ? scale * 255.0 / 65535.0 : scale;
        src.ConvertTo(dst, MatType.CV_32FC(src.Channels()), alpha);
    }
}
