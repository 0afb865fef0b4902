namespace Onnxdl.Augment;

/// <summary>What the trainer consumes: batches of a fixed sample shape, one pass per epoch.</summary>
public interface IBatchSource
{
    /// <summary>The number of samples in one epoch.</summary>
    int Count { get; }
    /// <summary>Shape of one sample: [C, H, W] for images, [F] for tabular rows.</summary>
    int[] SampleShape { get; }
    /// <summary>The number of classes (floats of one-hot label per sample).</summary>
    int NumClasses { get; }
    /// <summary>The class names, or empty when the targets are not classes.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// One pass over the data in batches of <paramref name="batchSize"/> (the last may be smaller).
    /// The order and every random augmentation are pure functions of (seed, epoch), so a run resumed
    /// at epoch k sees exactly the batches it would have seen. Dispose each batch after use.
    /// </summary>
    IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed);
}
