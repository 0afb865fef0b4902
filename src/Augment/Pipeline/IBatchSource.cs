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

    /// <summary>
    /// The batches of <see cref="Epoch(int, int, bool, int)"/> from batch <paramref name="firstBatch"/> (0-based) on, for an epoch
    /// resumed in its middle. This default builds and drops the earlier batches; a source that decodes files
    /// overrides it to skip them without decoding.
    /// </summary>
    IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed, int firstBatch)
    {
        int index = 0;
        foreach (var batch in Epoch(epoch, batchSize, shuffle, seed))
        {
            if (index++ >= firstBatch) yield return batch;
            else batch.Dispose();
        }
    }
}
