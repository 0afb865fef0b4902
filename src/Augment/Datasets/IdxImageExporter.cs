using System.Globalization;
using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// Writes a dataset's images as PNG files in the seed's layout, <c>outDir/&lt;label&gt;.&lt;n&gt;.png</c>,
/// where label is the class <b>index</b> (class names like "T-shirt/top" hold characters a file name
/// cannot, and a dot would break the prefix) and n is the sample's index in the dataset. The names are
/// written to <c>outDir/classes.txt</c>, one per line in index order, which <see cref="ImageFolder.Scan"/>
/// reads back. Pixels are features × 255, rounded and clamped to 8 bits.
/// </summary>
public static class IdxImageExporter
{
    /// <summary>Exports the first <paramref name="limit"/> samples (all when null); returns the number of files written.</summary>
    public static int Export(ArrayDataset dataset, string outDir, int? limit = null)
    {
        if (dataset.SampleShape is not [var channels and (1 or 3 or 4), var height, var width])
            throw new DataException($"Only image datasets [C, H, W] with C = 1, 3 or 4 can be exported; this one has sample shape [{string.Join(", ", dataset.SampleShape)}].");
        System.IO.Directory.CreateDirectory(outDir);
        File.WriteAllLines(Path.Combine(outDir, ImageFolder.ClassesFile), dataset.ClassNames);
        int count = Math.Min(dataset.Count, limit ?? dataset.Count);
        using var scope = new MatScope();
        var hwc = scope.New();
        var bytes = scope.New();
        var bgr = scope.New();
        for (int i = 0; i < count; i++)
        {
            ChwLayout.Read(dataset.Sample(i), channels, height, width, hwc);
            hwc.ConvertTo(bytes, MatType.CV_8UC(channels), 255.0);
            ToBgr(bytes, bgr);
            string name = string.Create(CultureInfo.InvariantCulture, $"{dataset.Labels[i]}.{i}.png");
            if (!Cv2.ImWrite(Path.Combine(outDir, name), bgr))
                throw new DataException($"Could not write '{Path.Combine(outDir, name)}'.", Path.Combine(outDir, name));
        }
        return count;
    }

    /// <summary>Our tensors are RGB(A); OpenCV writes BGR(A).</summary>
    private static void ToBgr(Mat rgb, Mat dst)
    {
        switch (rgb.Channels())
        {
            case 3: Cv2.CvtColor(rgb, dst, ColorConversionCodes.RGB2BGR); break;
            case 4: Cv2.CvtColor(rgb, dst, ColorConversionCodes.RGBA2BGRA); break;
            default: rgb.CopyTo(dst); break;
        }
    }
}
