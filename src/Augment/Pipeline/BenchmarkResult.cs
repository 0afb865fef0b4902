using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary><paramref name="Elapsed"/> is the median over the measured epochs of one epoch of <paramref name="Images"/> images.</summary>
public sealed record BenchmarkResult(BenchmarkCase Case, int Images, TimeSpan Elapsed)
{
    /// <summary>Throughput: images divided by the median epoch time.</summary>
    public double ImagesPerSecond => Images / Elapsed.TotalSeconds;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Case}: {Images} images in {Elapsed.TotalSeconds:F2} s = {ImagesPerSecond:F0} images/s");
}
