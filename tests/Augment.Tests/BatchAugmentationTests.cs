namespace Onnxdl.Augment.Tests;

public class BatchAugmentationTests
{
    /// <summary>8 one-channel 4×4 samples, sample i filled with value i, label i % 3.</summary>
    private static Batch MakeBatch()
    {
        var batch = new Batch(8, [1, 4, 4], 3);
        for (int i = 0; i < 8; i++)
        {
            batch.FeatureSpan.Slice(i * 16, 16).Fill(i);
            batch.Labels[i * 3 + i % 3] = 1;
        }
        return batch;
    }

    private static void AssertRowsSumToOne(Batch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            float sum = 0;
            foreach (var v in batch.LabelSpan.Slice(i * 3, 3)) sum += v;
            Assert.Equal(1f, sum, 1e-5f);
        }
    }

    [Fact]
    public void Mixup_mixes_features_and_labels_with_one_lambda()
    {
        using var batch = MakeBatch();
        new Mixup(0.4).Apply(batch, new Random(3));
        AssertRowsSumToOne(batch);
        for (int i = 0; i < 8; i++) // a sample stays uniform: λ·i + (1 − λ)·j everywhere
            Assert.Single(batch.FeatureSpan.Slice(i * 16, 16).ToArray().Distinct());
        Assert.Contains(batch.FeatureSpan.ToArray(), v => v != MathF.Round(v)); // something was mixed
    }

    [Fact]
    public void CutMix_pastes_a_box_and_weights_labels_by_its_area()
    {
        using var batch = MakeBatch();
        new CutMix(1).Apply(batch, new Random(5));
        AssertRowsSumToOne(batch);
        for (int i = 0; i < 8; i++)
        {
            var pixels = batch.FeatureSpan.Slice(i * 16, 16).ToArray();
            int own = pixels.Count(v => v == i);
            Assert.True(pixels.All(v => v == MathF.Round(v)), "CutMix copies, never blends pixels");
            float ownLabel = batch.Labels[i * 3 + i % 3];
            Assert.True(own / 16f <= ownLabel + 1e-5f, $"sample {i}: {own}/16 own pixels but label weight {ownLabel}");
        }
    }

    [Fact]
    public void Beta_samples_have_the_right_mean()
    {
        var rng = new Random(9);
        double mean = Enumerable.Range(0, 20000).Average(_ => rng.NextBeta(2, 6));
        Assert.InRange(mean, 0.24, 0.26); // a / (a + b) = 0.25
        double small = Enumerable.Range(0, 20000).Average(_ => rng.NextBeta(0.2, 0.2));
        Assert.InRange(small, 0.47, 0.53);
    }
}
