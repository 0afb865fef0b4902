using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class ResizeTests
{
    private static byte[,] Resize(Mat src, int width, int height, ResizeMode mode, Interpolation interpolation)
    {
        using var dst = new Mat();
        Resizer.Resize(src, dst, width, height, mode, interpolation);
        Assert.Equal(new Size(width, height), dst.Size());
        var values = new byte[height, width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                values[y, x] = dst.At<byte>(y, x);
        return values;
    }

    [Fact]
    public void Area_halving_a_checkerboard_averages_each_2x2_block()
    {
        using var board = TestImages.Checkerboard(4);
        // (0 + 255 + 255 + 0) / 4 = 127.5, rounded to 128.
        Assert.Equal(new byte[,] { { 128, 128 }, { 128, 128 } }, Resize(board, 2, 2, ResizeMode.Stretch, Interpolation.Area));
    }

    [Fact]
    public void Nearest_halving_a_checkerboard_samples_the_even_pixels()
    {
        using var board = TestImages.Checkerboard(4);
        Assert.Equal(new byte[,] { { 0, 0 }, { 0, 0 } }, Resize(board, 2, 2, ResizeMode.Stretch, Interpolation.Nearest));
    }

    [Fact]
    public void Letterbox_keeps_the_aspect_ratio_and_pads_with_zeros()
    {
        using var wide = TestImages.Solid(2, 4, MatType.CV_8UC1, Scalar.All(200));
        var result = Resize(wide, 4, 4, ResizeMode.Letterbox, Interpolation.Nearest);
        Assert.Equal(new byte[,] { { 0, 0, 0, 0 }, { 200, 200, 200, 200 }, { 200, 200, 200, 200 }, { 0, 0, 0, 0 } }, result);
    }

    [Fact]
    public void Center_crop_keeps_the_aspect_ratio_and_cuts_the_sides()
    {
        using var wide = new Mat(2, 4, MatType.CV_8UC1);
        for (int x = 0; x < 4; x++) { wide.Set(0, x, (byte)(10 * x)); wide.Set(1, x, (byte)(10 * x)); }
        Assert.Equal(new byte[,] { { 10, 20 }, { 10, 20 } }, Resize(wide, 2, 2, ResizeMode.CenterCrop, Interpolation.Nearest));
    }
}
