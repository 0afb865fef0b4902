namespace Onnxdl.Augment;

/// <summary>
/// Mixup (Zhang et al. 2018): one λ ~ Beta(Alpha, Alpha) per batch; each sample is mixed with a
/// random partner from the same batch, x = λ·x_i + (1 − λ)·x_j, and its label row likewise, so rows
/// still sum to 1. CLI: <c>mixup[:alpha]</c>.
/// </summary>
public sealed record Mixup(double Alpha) : IBatchAugmentation
{
    /// <summary>The Beta distribution parameter the mixing weight is drawn from (&gt; 0).</summary>
    public double Alpha { get; } = Check.Positive(Alpha);

    /// <inheritdoc/>
    public void Apply(Batch batch, Random rng)
    {
        float lambda = (float)rng.NextBeta(Alpha, Alpha);
        var partners = BatchPartners.Draw(batch.Count, rng);
        BatchPartners.Blend(batch.FeatureSpan, batch.SampleSize, partners, (i, own, other) =>
        {
            for (int k = 0; k < own.Length; k++) own[k] = lambda * own[k] + (1 - lambda) * other[k];
        });
        BatchPartners.MixLabels(batch, partners, lambda);
    }
}
