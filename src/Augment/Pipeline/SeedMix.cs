namespace Onnxdl.Augment;

/// <summary>
/// Derives independent seeds from (seed, epoch, index, stream) with <see cref="SplitMix64.Mix"/>, so
/// every shuffle and every sample's augmentation is a pure function of those numbers, whatever
/// thread computes it and in whatever order.
/// </summary>
internal static class SeedMix
{
    public const int ShuffleStream = 1, SampleStream = 2, BatchStream = 3;

    public static int Derive(int seed, int epoch, int index, int stream)
    {
        ulong h = SplitMix64.Mix((ulong)(uint)seed);
        h = SplitMix64.Mix(h ^ (ulong)(uint)epoch);
        h = SplitMix64.Mix(h ^ (ulong)(uint)index);
        h = SplitMix64.Mix(h ^ (ulong)(uint)stream);
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
}
