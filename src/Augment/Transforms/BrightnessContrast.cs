using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// x' = (x − m)·c + m + b with contrast factor c uniform in [1 − Contrast, 1 + Contrast] about the
/// image mean m (as Keras' RandomContrast) and brightness offset b uniform in [−Brightness, Brightness]
/// in scaled units. CLI: <c>brightness[:b]</c>, <c>contrast[:c]</c>.
/// </summary>
public sealed record BrightnessContrast(double Brightness, double Contrast) : IImageAugmentation
{
    /// <summary>The largest brightness shift, in pixel-value units (≥ 0).</summary>
    public double Brightness { get; } = Check.Within(Brightness, 0, double.MaxValue);
    /// <summary>The largest relative contrast change, in [0, 1].</summary>
    public double Contrast { get; } = Check.Within(Contrast, 0, 1);

    /// <inheritdoc/>
    public void Apply(Mat src, Mat dst, Random rng)
    {
        double contrast = 1 + rng.NextUniform(-Contrast, Contrast);
        double brightness = rng.NextUniform(-Brightness, Brightness);
        double mean = MeanOfChannels(src);
        src.ConvertTo(dst, src.Type(), contrast, (1 - contrast) * mean + brightness);
    }

    private static double MeanOfChannels(Mat src)
    {
        var m = Cv2.Mean(src);
        int channels = src.Channels();
        double sum = 0;
        for (int c = 0; c < channels; c++) sum += m[c];
        return sum / channels;
    }
}
