using System.Buffers;
using System.Collections.Concurrent;

namespace Onnxdl.Augment;

/// <summary>
/// One batch of samples. <see cref="Features"/> and <see cref="Labels"/> are rented from
/// <see cref="ArrayPool{T}.Shared"/> and may be longer than needed: only the first
/// Count × SampleSize features and Count × NumClasses labels are valid (see the span properties).
/// Dispose returns both arrays to the pool, and a batch from <see cref="Rent"/> returns itself too (keeping
/// its <see cref="Indices"/> array for the next batch of the same size), so a training loop allocates
/// nothing per step. The batch must not be used after Dispose.
/// </summary>
public sealed class Batch : IDisposable
{
    private static readonly ConcurrentQueue<Batch> Released = new();
    private float[]? _features;
    private float[]? _labels;
    private int[] _indices = [];
    private bool _pooled;

    /// <summary>Rents buffers for <paramref name="count"/> samples with zeroed labels; public so other
    /// <see cref="IBatchSource"/> implementations can hand out the same type (<see cref="Rent"/> also reuses the object).</summary>
    public Batch(int count, int[] sampleShape, int numClasses) => Fill(count, sampleShape, numClasses);

    /// <summary>Like the constructor, but reuses a disposed <see cref="Rent"/> batch when one is free.</summary>
    public static Batch Rent(int count, int[] sampleShape, int numClasses)
    {
        if (!Released.TryDequeue(out var batch)) return new Batch(count, sampleShape, numClasses) { _pooled = true };
        batch.Fill(count, sampleShape, numClasses);
        return batch;
    }

    private void Fill(int count, int[] sampleShape, int numClasses)
    {
        Count = count;
        SampleShape = sampleShape;
        SampleSize = sampleShape.Aggregate(1, (a, d) => a * d);
        NumClasses = numClasses;
        if (_indices.Length != count) _indices = new int[count];
        _features = ArrayPool<float>.Shared.Rent(count * SampleSize);
        _labels = ArrayPool<float>.Shared.Rent(count * numClasses);
        LabelSpan.Clear(); // rented arrays hold old data; one-hot rows are written sparsely
    }

    /// <summary>Samples, row-major: Count × SampleShape (NCHW for images). Pooled; may be longer than Count × SampleSize.</summary>
    public float[] Features => _features ?? throw Disposed();
    /// <summary>Per-sample class probabilities, Count × NumClasses: one-hot, or mixed by Mixup/CutMix (rows sum to 1).</summary>
    public float[] Labels => _labels ?? throw Disposed();
    /// <summary>The number of valid samples.</summary>
    public int Count { get; private set; }
    /// <summary>The shape of one sample, e.g. [C, H, W].</summary>
    public int[] SampleShape { get; private set; } = [];
    /// <summary>Floats per sample: the product of <see cref="SampleShape"/>.</summary>
    public int SampleSize { get; private set; }
    /// <summary>The number of classes, i.e. floats of one-hot label per sample.</summary>
    public int NumClasses { get; private set; }
    /// <summary>Dataset index of each sample, in batch order.</summary>
    public int[] Indices => _features is null ? throw Disposed() : _indices;

    /// <summary>The valid features: <see cref="Count"/> × <see cref="SampleSize"/> floats.</summary>
    public Span<float> FeatureSpan => Features.AsSpan(0, Count * SampleSize);
    /// <summary>The valid one-hot labels: <see cref="Count"/> × <see cref="NumClasses"/> floats.</summary>
    public Span<float> LabelSpan => Labels.AsSpan(0, Count * NumClasses);

    /// <summary>Keeps only the first <paramref name="count"/> samples (a streamed batch whose other files were unreadable and skipped).</summary>
    internal void Shrink(int count)
    {
        if (count == Count) return;
        Count = count;
        _indices = _indices[..count];
    }

    /// <summary>Returns the buffers to the pool (and a rented batch to the batch pool); the batch must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_features is null) return;
        ArrayPool<float>.Shared.Return(_features);
        ArrayPool<float>.Shared.Return(_labels!);
        _features = _labels = null;
        if (_pooled) Released.Enqueue(this);
    }

    private static ObjectDisposedException Disposed() => new(nameof(Batch), "The batch was disposed and its buffers returned to the pool.");
}
