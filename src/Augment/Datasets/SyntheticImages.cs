using System.Globalization;
using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>Writes generated pictures in the seed's folder layout, for benchmarks and tests of the image pipeline.</summary>
public static class SyntheticImages
{
    /// <summary>
    /// Writes <paramref name="count"/> <paramref name="size"/>×<paramref name="size"/> images named
    /// <c>&lt;i mod 10&gt;.&lt;i&gt;<paramref name="extension"/></c> (ten classes) into <paramref name="directory"/>: random filled
    /// circles on a dark background, compressible like real pictures, unlike noise. The same seed writes the same pixels.
    /// </summary>
    public static void Write(string directory, int count, int size, bool colour, string extension = ".png", int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        Directory.CreateDirectory(directory);
        var rng = new Random(seed);
        using var scope = new MatScope();
        var image = scope.Own(new Mat(size, size, colour ? MatType.CV_8UC3 : MatType.CV_8UC1));
        for (int i = 0; i < count; i++)
        {
            image.SetTo(Scalar.All(0));
            for (int k = 0; k < 4; k++)
                Cv2.Circle(image, new Point(rng.Next(size), rng.Next(size)), rng.Next(1, size / 3),
                    new Scalar(rng.Next(256), rng.Next(256), rng.Next(256)), -1);
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{i % 10}.{i}{extension}"));
            if (!Cv2.ImWrite(path, image)) throw new IOException($"Could not write '{path}' (extension '{extension}' must name an image format).");
        }
    }
}
