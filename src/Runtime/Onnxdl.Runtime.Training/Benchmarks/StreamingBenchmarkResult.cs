using System.Globalization;

namespace Onnxdl.Runtime;

/// <summary>
/// What <see cref="StreamingBenchmark"/> measured on <paramref name="Images"/> generated images with <paramref name="Workers"/>
/// decoding threads: decode + augment alone, and training from the images decoded into memory and streamed from disk
/// (each the median of its rounds).
/// </summary>
public sealed record StreamingBenchmarkResult(int Images, int Workers, double DecodeImagesPerSecond, double InMemorySamplesPerSecond,
    double StreamedSamplesPerSecond)
{
    /// <summary>Streamed training throughput as a fraction of in-memory training throughput.</summary>
    public double StreamedOfInMemory => StreamedSamplesPerSecond / InMemorySamplesPerSecond;

    /// <summary>Decoding keeps up when streaming costs training less than 10% of its in-memory speed.</summary>
    public bool KeepsUp => StreamedOfInMemory >= 0.9;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Images} images, {Workers} data thread(s): decode + augment alone {DecodeImagesPerSecond:F0} images/s; training in memory " +
        $"{InMemorySamplesPerSecond:F0} samples/s, streamed {StreamedSamplesPerSecond:F0} samples/s ({StreamedOfInMemory:F2}×): {Verdict}");

    private string Verdict => KeepsUp ? "decoding keeps up" : "decoding does not keep up (more --data-threads, or --cache if the images fit in memory)";
}
