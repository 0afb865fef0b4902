using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class TransformTests
{
    private static Mat FloatImage(int rows = 12, int cols = 10, int seed = 0)
    {
        using var bytes = TestImages.Gradient(rows, cols, seed);
        var image = new Mat();
        bytes.ConvertTo(image, MatType.CV_32FC1, 1 / 255.0);
        return image;
    }

    private static float[] Run(IImageAugmentation augmentation, Mat src, Random rng)
    {
        using var dst = new Mat();
        augmentation.Apply(src, dst, rng);
        Assert.Equal(src.Size(), dst.Size());
        Assert.Equal(src.Type(), dst.Type());
        return TestImages.ToArray(dst);
    }

    [Fact]
    public void Mirroring_twice_is_the_identity_and_once_reverses_rows()
    {
        using var src = FloatImage();
        var original = TestImages.ToArray(src);
        foreach (var axis in new[] { FlipAxis.Horizontal, FlipAxis.Vertical })
        {
            var flip = new RandomFlip(axis, P: 1);
            using var once = new Mat();
            using var twice = new Mat();
            flip.Apply(src, once, new Random(1));
            flip.Apply(once, twice, new Random(1));
            Assert.NotEqual(original, TestImages.ToArray(once));
            Assert.Equal(original, TestImages.ToArray(twice));
        }
        using var mirrored = new Mat();
        new RandomFlip(FlipAxis.Horizontal, 1).Apply(src, mirrored, new Random(1));
        Assert.Equal(src.At<float>(3, 0), mirrored.At<float>(3, 9));
        Assert.Equal(original, TestImages.ToArray(src)); // the source is untouched
    }

    [Fact]
    public void Zero_rotation_scale_and_shift_are_the_identity()
    {
        using var src = FloatImage();
        var original = TestImages.ToArray(src);
        Assert.Equal(original, Run(new RandomRotate(0), src, new Random(3)));
        Assert.Equal(original, Run(new RandomScale(0), src, new Random(3)));
        Assert.Equal(original, Run(new RandomTranslate(0), src, new Random(3)));
        Assert.Equal(original, Run(new RandomBlur(0), src, new Random(3)));
        Assert.Equal(original, Run(new BrightnessContrast(0, 0), src, new Random(3)));
    }

    [Fact]
    public void Rotation_by_ninety_degrees_moves_a_corner_pixel()
    {
        using var src = new Mat(5, 5, MatType.CV_32FC1, Scalar.All(0));
        src.Set(0, 0, 1f);
        using var dst = new Mat();
        AffineWarp.Apply(src, dst, 90, 1, 0, 0); // counter-clockwise: top-left → bottom-left
        Assert.Equal(1f, dst.At<float>(4, 0), 1e-5f);
        Assert.Equal(0f, dst.At<float>(0, 0), 1e-5f);
    }

    [Fact]
    public void Crop_windows_stay_inside_the_image_and_the_result_keeps_its_size()
    {
        var crop = new RandomCrop(0.3);
        var rng = new Random(7);
        var bounds = new Rect(0, 0, 10, 12);
        for (int i = 0; i < 500; i++)
        {
            var window = crop.Window(bounds.Size, rng);
            Assert.True(window.Width >= 3 && window.Height >= 3, $"window {window} smaller than 30 %");
            Assert.Equal(window, window.Intersect(bounds));
        }
        using var src = FloatImage();
        Run(crop, src, new Random(1));
    }

    [Fact]
    public void Noise_has_roughly_the_requested_std_and_zero_mean()
    {
        using var src = new Mat(100, 100, MatType.CV_32FC1, Scalar.All(0.5));
        var values = Run(new GaussianNoise(0.1), src, new Random(11));
        double mean = values.Average(v => v - 0.5);
        double std = Math.Sqrt(values.Average(v => (v - 0.5 - mean) * (v - 0.5 - mean)));
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(std, 0.097, 0.103);
    }

    [Fact]
    public void Brightness_and_blur_change_the_image_as_described()
    {
        using var flat = new Mat(8, 8, MatType.CV_32FC1, Scalar.All(0.5));
        var brighter = Run(new BrightnessContrast(0.2, 0), flat, new Random(5));
        Assert.Single(brighter.Distinct()); // an offset keeps a flat image flat
        Assert.InRange(brighter[0], 0.3f, 0.7f);
        using var board = TestImages.Checkerboard(8);
        using var boardFloat = new Mat();
        board.ConvertTo(boardFloat, MatType.CV_32FC1, 1 / 255.0);
        var blurred = Run(new RandomBlur(3), boardFloat, new Random(2)); // σ ≈ 3 × 0.x flattens the checks
        Assert.True(blurred.Max() - blurred.Min() < 0.9f);
    }

    [Fact]
    public void The_same_seed_gives_the_same_augmented_image()
    {
        var chain = AugmentationParser.Parse("flip,rotate:15,translate:0.1,scale:0.1,crop:0.8,noise:0.05,blur,brightness,contrast")
            .Cast<IImageAugmentation>().ToArray();
        using var src = FloatImage(16, 16);
        float[] Once(int seed)
        {
            var rng = new Random(seed);
            using var a = src.Clone();
            using var b = new Mat();
            var (current, next) = (a, b);
            foreach (var augmentation in chain)
            {
                augmentation.Apply(current, next, rng);
                (current, next) = (next, current);
            }
            return TestImages.ToArray(current);
        }
        Assert.Equal(Once(42), Once(42));
        Assert.NotEqual(Once(42), Once(43));
    }

    [Fact]
    public void Parser_reads_the_cli_grammar_and_names_bad_items()
    {
        var list = AugmentationParser.Parse(" flip, rotate:10 ,translate:0.1,noise:0.05,mixup:0.2");
        Assert.Equal<IAugmentation>(
            [new RandomFlip(FlipAxis.Horizontal, 0.5), new RandomRotate(10), new RandomTranslate(0.1), new GaussianNoise(0.05), new Mixup(0.2)],
            list);
        Assert.Empty(AugmentationParser.Parse(""));
        Assert.Contains("twirl", Assert.Throws<FormatException>(() => AugmentationParser.Parse("flip,twirl")).Message);
        Assert.Contains("rotate:x", Assert.Throws<FormatException>(() => AugmentationParser.Parse("rotate:x")).Message);
        Assert.Contains("MinFraction", Assert.Throws<FormatException>(() => AugmentationParser.Parse("crop:0")).Message);
        Assert.Contains("Alpha", Assert.Throws<FormatException>(() => AugmentationParser.Parse("mixup:0")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomScale(1)); // a zoom factor of 0 would collapse the image
    }
}
