namespace Onnxdl.Augment;

/// <summary>A random change to a whole batch (features and labels together), e.g. Mixup or CutMix.</summary>
public interface IBatchAugmentation : IAugmentation
{
    /// <summary>Augments the batch in place (features and labels), drawing every random choice from <paramref name="rng"/>.</summary>
    void Apply(Batch batch, Random rng);
}
