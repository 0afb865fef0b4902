namespace Onnxdl;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fully specified generator, so every seeded thing (initial
/// weights, dropout noise, shuffles, augmentations, fuzzing mutations) gives the same bytes on every .NET version and platform
/// (System.Random's seeded algorithm is an implementation detail). The one copy of the algorithm: this file is
/// compiled into Onnxdl.Graph, Onnxdl.Augment, Onnxdl.Runtime.Training and the onnxdl tool (its fuzzing mutators) (internal in each, none seeing another's internals).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    /// <summary>The golden-ratio increment of the state; also a good odd multiplier for spreading counters.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state;
        _state += Gamma;
        return Mix(z);
    }

    /// <summary>Uniform in [0, 1) with 24 bits, exactly representable as a float.</summary>
    public float NextFloat() => UnitFloat(Next());

    /// <summary>The output for state <paramref name="z"/> (before its increment): a counter-based hash, for pure functions of numbers.</summary>
    public static ulong Mix(ulong z)
    {
        z += Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The top 24 bits of <paramref name="bits"/> as a float in [0, 1).</summary>
    public static float UnitFloat(ulong bits) => (bits >> 40) * (1f / (1 << 24));

    /// <summary>A stream for one named consumer: seed mixed with the name's FNV-1a hash, so streams are independent of order.</summary>
    public static SplitMix64 For(long seed, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        var mixer = new SplitMix64((ulong)seed ^ hash);
        return new SplitMix64(mixer.Next());
    }
}
