using Onnxdl.Augment;

namespace Onnxdl.Runtime;

/// <summary>
/// A batch source whose images are adapted to an imported base's input as each batch is drawn (so a large base
/// input is never materialised for the whole dataset); order and augmentation stay those of <paramref name="images"/>.
/// </summary>
internal sealed class AdaptedImages(IBatchSource images, BaseInputAdapter adapter) : IBatchSource
{
    public int Count => images.Count;
    public int[] SampleShape => adapter.OutputShape;
    public int NumClasses => images.NumClasses;
    public IReadOnlyList<string> ClassNames => images.ClassNames;

    public IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed)
    {
        foreach (var source in images.Epoch(epoch, batchSize, shuffle, seed))
            using (source)
            {
                var adapted = Batch.Rent(source.Count, SampleShape, NumClasses);
                for (var i = 0; i < source.Count; i++)
                    adapter.Adapt(source.FeatureSpan.Slice(i * source.SampleSize, source.SampleSize),
                        adapted.FeatureSpan.Slice(i * adapter.OutputSize, adapter.OutputSize));
                source.LabelSpan.CopyTo(adapted.LabelSpan);
                source.Indices.CopyTo(adapted.Indices, 0);
                yield return adapted;
            }
    }
}
