using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>How <c>onnxdl train</c> reads its data: <see cref="Cache"/> decodes image files into memory or streams them;
/// <see cref="Pipeline"/> sets the decoding threads; <see cref="BadFiles"/> stops at or skips undecodable images.</summary>
internal sealed record DataSettings(CacheMode Cache, PipelineOptions Pipeline, BadFiles BadFiles)
{
    /// <summary>The most decoded bytes <see cref="CacheMode.Auto"/> keeps in memory (loading briefly needs about twice that).</summary>
    public const long AutoCacheBytes = 512L << 20;

    /// <summary>Whether <paramref name="files"/> images of <paramref name="preprocessing"/>'s shape are decoded into memory.</summary>
    public bool InMemory(int files, Preprocessing preprocessing) => Cache switch
    {
        CacheMode.Always => true,
        CacheMode.Never => false,
        _ => (long)files * preprocessing.SampleSize * sizeof(float) <= AutoCacheBytes,
    };
}
