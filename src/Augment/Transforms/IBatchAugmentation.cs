namespace Onnxdl.Augment;

/// <summary>A random change to a whole batch (features and labels together), e.g. Mixup or CutMix.</summary>
public interface IBatchAugmentation : IAugmentation
{
    void Apply(Batch batch, Random rng);
}
