using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Resizes an image to an exact size according to a <see cref="ResizeMode"/>.</summary>
internal static class Resizer
{
    public static void Resize(Mat src, Mat dst, int width, int height, ResizeMode mode, Interpolation interpolation)
    {
        var flags = interpolation.ToOpenCv();
        switch (mode)
        {
            case ResizeMode.Stretch:
                Cv2.Resize(src, dst, new Size(width, height), 0, 0, flags);
                break;
            case ResizeMode.Letterbox:
                Letterbox(src, dst, width, height, flags);
                break;
            case ResizeMode.CenterCrop:
                CenterCrop(src, dst, width, height, flags);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown resize mode");
        }
    }

    private static void Letterbox(Mat src, Mat dst, int width, int height, InterpolationFlags flags)
    {
        double ratio = Math.Min((double)width / src.Width, (double)height / src.Height);
        var inner = ScaledSize(src, ratio, width, height, Math.Min);
        using var scope = new MatScope();
        var resized = scope.New();
        Cv2.Resize(src, resized, inner, 0, 0, flags);
        int left = (width - inner.Width) / 2, top = (height - inner.Height) / 2;
        Cv2.CopyMakeBorder(resized, dst, top, height - inner.Height - top, left, width - inner.Width - left,
            BorderTypes.Constant, Scalar.All(0));
    }

    private static void CenterCrop(Mat src, Mat dst, int width, int height, InterpolationFlags flags)
    {
        double ratio = Math.Max((double)width / src.Width, (double)height / src.Height);
        var outer = ScaledSize(src, ratio, width, height, Math.Max);
        using var scope = new MatScope();
        var resized = scope.New();
        Cv2.Resize(src, resized, outer, 0, 0, flags);
        var window = new Rect((outer.Width - width) / 2, (outer.Height - height) / 2, width, height);
        using var view = scope.Own(new Mat(resized, window));
        view.CopyTo(dst);
    }

    /// <summary>Rounds the scaled size but never past the target on the side that must match
    /// (rounding could otherwise leave a 1-pixel gap or overhang).</summary>
    private static Size ScaledSize(Mat src, double ratio, int width, int height, Func<int, int, int> bound) =>
        new(bound(Math.Max(1, (int)Math.Round(src.Width * ratio)), width),
            bound(Math.Max(1, (int)Math.Round(src.Height * ratio)), height));
}
