namespace Onnxdl.Augment;

/// <summary>
/// CutMix (Yun et al. 2019): λ ~ Beta(Alpha, Alpha) per batch; a box covering about 1 − λ of the
/// image (same box for the batch, clipped to the image) is pasted from a random partner in the batch;
/// labels are mixed by the box's actual area. Needs image samples [C, H, W]. CLI: <c>cutmix[:alpha]</c>.
/// </summary>
public sealed record CutMix(double Alpha) : IBatchAugmentation
{
    /// <summary>The Beta distribution parameter the mixed fraction is drawn from (&gt; 0).</summary>
    public double Alpha { get; } = Check.Positive(Alpha);

    /// <inheritdoc/>
    public void Apply(Batch batch, Random rng)
    {
        if (batch.SampleShape is not [var channels, var height, var width])
            throw new InvalidOperationException($"CutMix needs image samples [C, H, W]; these have shape [{string.Join(", ", batch.SampleShape)}].");
        double lambda = rng.NextBeta(Alpha, Alpha);
        var (x0, y0, x1, y1) = Box(width, height, lambda, rng);
        var partners = BatchPartners.Draw(batch.Count, rng);
        BatchPartners.Blend(batch.FeatureSpan, batch.SampleSize, partners, (i, own, other) =>
        {
            for (int c = 0; c < channels; c++)
                for (int y = y0; y < y1; y++)
                {
                    int row = (c * height + y) * width;
                    other.Slice(row + x0, x1 - x0).CopyTo(own.Slice(row + x0, x1 - x0));
                }
        });
        float kept = 1f - (float)((x1 - x0) * (y1 - y0)) / (width * height);
        BatchPartners.MixLabels(batch, partners, kept);
    }

    /// <summary>A box of sides √(1 − λ)·W × √(1 − λ)·H around a uniform center, clipped to the image: [x0, x1) × [y0, y1).</summary>
    internal static (int X0, int Y0, int X1, int Y1) Box(int width, int height, double lambda, Random rng)
    {
        double ratio = Math.Sqrt(1 - lambda);
        int cutW = (int)(width * ratio), cutH = (int)(height * ratio);
        int cx = rng.Next(width), cy = rng.Next(height);
        return (Math.Clamp(cx - cutW / 2, 0, width), Math.Clamp(cy - cutH / 2, 0, height),
                Math.Clamp(cx + cutW / 2, 0, width), Math.Clamp(cy + cutH / 2, 0, height));
    }
}
