namespace Onnxdl.Augment;

/// <summary>
/// Derives independent seeds from (seed, epoch, index, stream) with SplitMix64 finalizers, so
/// every shuffle and every sample's augmentation is a pure function of those numbers, whatever
/// thread computes it and in whatever order.
/// </summary>
internal static class SeedMix
{
    public const int ShuffleStream = 1, SampleStream = 2, BatchStream = 3;

    public static int Derive(int seed, int epoch, int index, int stream)
    {
        ulong h = Mix((ulong)(uint)seed);
        h = Mix(h ^ (ulong)(uint)epoch);
        h = Mix(h ^ (ulong)(uint)index);
        h = Mix(h ^ (ulong)(uint)stream);
        return (int)(h & int.MaxValue);
    }

    public static Random Rng(int seed, int epoch, int index, int stream) => new(Derive(seed, epoch, index, stream));

    /// <summary>The epoch's sample order: a Fisher–Yates shuffle seeded by (seed, epoch) only.</summary>
    public static int[] Permutation(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        Rng(seed, epoch, 0, ShuffleStream).Shuffle(order);
        return order;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
