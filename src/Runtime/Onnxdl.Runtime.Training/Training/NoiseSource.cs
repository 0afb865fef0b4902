namespace Onnxdl.Runtime;

/// <summary>
/// Counter-based uniform noise: value i of step s under seed k is a pure function of (k, s, i)
/// (SplitMix64), so dropout masks repeat exactly after a resume and on any device.
/// </summary>
internal static class NoiseSource
{
    public static void Fill(Span<float> destination, long seed, long step, int stream)
    {
        var key = SplitMix64.Mix((ulong)seed ^ SplitMix64.Mix((ulong)step * SplitMix64.Gamma ^ (ulong)stream));
        for (var i = 0; i < destination.Length; i++) destination[i] = SplitMix64.UnitFloat(SplitMix64.Mix(key + (ulong)i));
    }
}
