namespace Onnxdl.Runtime;

/// <summary>
/// Counter-based uniform noise: value i of step s under seed k is a pure function of (k, s, i)
/// (SplitMix64), so dropout masks repeat exactly after a resume and on any device.
/// </summary>
internal static class NoiseSource
{
    public static void Fill(Span<float> destination, long seed, long step, int stream)
    {
        var key = Mix((ulong)seed ^ Mix((ulong)step * 0x9E3779B97F4A7C15UL ^ (ulong)stream));
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (Mix(key + (ulong)i) >> 40) * (1f / (1 << 24)); // 24 random bits → [0, 1)
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
