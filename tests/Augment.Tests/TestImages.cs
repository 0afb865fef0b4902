using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

/// <summary>Small images made in the tests, so expected values are known exactly.</summary>
internal static class TestImages
{
    public static Mat Solid(int rows, int cols, MatType type, Scalar value) => new(rows, cols, type, value);

    /// <summary>1-pixel squares: (0,0) is black, its neighbours white.</summary>
    public static Mat Checkerboard(int size)
    {
        var mat = new Mat(size, size, MatType.CV_8UC1);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                mat.Set(y, x, (byte)((x + y) % 2 == 0 ? 0 : 255));
        return mat;
    }

    public static byte[] Encode(Mat mat, string extension = ".png")
    {
        Cv2.ImEncode(extension, mat, out var bytes);
        return bytes;
    }

    public static void Write(string path, Mat mat) => Assert.True(Cv2.ImWrite(path, mat), $"could not write {path}");

    /// <summary>A grey 8-bit image with pixel (y, x) = seed + 7y + 3x (mod 256): every pixel distinct-ish, easy to check moves.</summary>
    public static Mat Gradient(int rows, int cols, int seed = 0)
    {
        var mat = new Mat(rows, cols, MatType.CV_8UC1);
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
                mat.Set(y, x, (byte)((seed + 7 * y + 3 * x) % 256));
        return mat;
    }

    public static float[] ToArray(Mat floatMat)
    {
        var values = new float[floatMat.Total() * floatMat.Channels()];
        using var dense = floatMat.Clone();
        System.Runtime.InteropServices.Marshal.Copy(dense.Data, values, 0, values.Length);
        return values;
    }
}
