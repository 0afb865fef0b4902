using System.Buffers;

namespace Onnxdl.Augment;

/// <summary>What Mixup and CutMix share: pairing each sample with a random partner and mixing
/// against an unmodified copy of the batch (mixing in place would mix already-mixed partners).</summary>
internal static class BatchPartners
{
    public delegate void SampleMixer(int index, Span<float> own, ReadOnlySpan<float> partner);

    /// <summary>A random permutation: sample i's partner is partners[i].</summary>
    public static int[] Draw(int count, Random rng)
    {
        var partners = Enumerable.Range(0, count).ToArray();
        rng.Shuffle(partners);
        return partners;
    }

    public static void Blend(Span<float> values, int rowSize, int[] partners, SampleMixer mix)
    {
        var original = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            values.CopyTo(original);
            for (int i = 0; i < partners.Length; i++)
                mix(i, values.Slice(i * rowSize, rowSize), original.AsSpan(partners[i] * rowSize, rowSize));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(original);
        }
    }

    /// <summary>label_i = kept·label_i + (1 − kept)·label_partner.</summary>
    public static void MixLabels(Batch batch, int[] partners, float kept) =>
        Blend(batch.LabelSpan, batch.NumClasses, partners, (i, own, other) =>
        {
            for (int k = 0; k < own.Length; k++) own[k] = kept * own[k] + (1 - kept) * other[k];
        });
}
