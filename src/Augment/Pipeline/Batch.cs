using System.Buffers;

namespace Onnx.Augment;

/// <summary>
/// One batch of samples. <see cref="Features"/> and <see cref="Labels"/> are rented from
/// <see cref="ArrayPool{T}.Shared"/> and may be longer than needed: only the first
/// Count × SampleSize features and Count × NumClasses labels are valid (see the span properties).
/// Dispose returns both arrays to the pool; the batch must not be used afterwards.
/// </summary>
public sealed class Batch : IDisposable
{
    private float[]? features;
    private float[]? labels;

    /// <summary>Rents buffers for <paramref name="count"/> samples with zeroed labels; public so other
    /// <see cref="IBatchSource"/> implementations can hand out the same type.</summary>
    public Batch(int count, int[] sampleShape, int numClasses)
    {
        Count = count;
        SampleShape = sampleShape;
        SampleSize = sampleShape.Aggregate(1, (a, d) => a * d);
        NumClasses = numClasses;
        Indices = new int[count];
        features = ArrayPool<float>.Shared.Rent(count * SampleSize);
        labels = ArrayPool<float>.Shared.Rent(count * numClasses);
        LabelSpan.Clear(); // rented arrays hold old data; one-hot rows are written sparsely
    }

    /// <summary>Samples, row-major: Count × SampleShape (NCHW for images). Pooled; may be longer than Count × SampleSize.</summary>
    public float[] Features => features ?? throw Disposed();
    /// <summary>Per-sample class probabilities, Count × NumClasses: one-hot, or mixed by Mixup/CutMix (rows sum to 1).</summary>
    public float[] Labels => labels ?? throw Disposed();
    public int Count { get; }
    public int[] SampleShape { get; }
    public int SampleSize { get; }
    public int NumClasses { get; }
    /// <summary>Dataset index of each sample, in batch order.</summary>
    public int[] Indices { get; }

    public Span<float> FeatureSpan => Features.AsSpan(0, Count * SampleSize);
    public Span<float> LabelSpan => Labels.AsSpan(0, Count * NumClasses);

    public void Dispose()
    {
        if (features is { } f) ArrayPool<float>.Shared.Return(f);
        if (labels is { } l) ArrayPool<float>.Shared.Return(l);
        features = labels = null;
    }

    private static ObjectDisposedException Disposed() => new(nameof(Batch), "The batch was disposed and its buffers returned to the pool.");
}
