using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>The one warp behind rotation, scaling and translation: about the image center,
/// bilinear, with zeros filling what comes in from outside (the background of MNIST-like data).</summary>
internal static class AffineWarp
{
    public static void Apply(Mat src, Mat dst, double degrees, double scale, double shiftX, double shiftY)
    {
        using var scope = new MatScope();
        var center = new Point2f((src.Cols - 1) / 2f, (src.Rows - 1) / 2f);
        var matrix = scope.Own(Cv2.GetRotationMatrix2D(center, degrees, scale));
        matrix.Set(0, 2, matrix.At<double>(0, 2) + shiftX);
        matrix.Set(1, 2, matrix.At<double>(1, 2) + shiftY);
        Cv2.WarpAffine(src, dst, matrix, src.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
    }
}
