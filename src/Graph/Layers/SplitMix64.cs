namespace Onnxdl.Graph.Layers;

/// <summary>
/// SplitMix64: a tiny, fully specified generator, so initial weights are the same bytes on every .NET
/// version and platform (System.Random's seeded algorithm is an implementation detail).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 bits, exactly representable as a float.</summary>
    public float NextFloat() => (Next() >> 40) * (1f / (1 << 24));

    /// <summary>A stream for one named consumer: seed mixed with the name's FNV-1a hash, so streams are independent of order.</summary>
    public static SplitMix64 For(long seed, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        var mixer = new SplitMix64((ulong)seed ^ hash);
        return new SplitMix64(mixer.Next());
    }
}
