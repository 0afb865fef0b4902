namespace Onnxdl.Augment;

/// <summary>
/// In-memory features with real-valued targets (regression): each batch's <see cref="Batch.Labels"/>
/// holds the targets as given, <see cref="IBatchSource.NumClasses"/> being the target width.
/// </summary>
public sealed class TargetArraySource : IBatchSource
{
    private readonly float[] _features;
    private readonly float[] _targets;
    private readonly int _sampleSize;

    /// <summary>A source over <paramref name="features"/> and <paramref name="targets"/>, row by row (arrays kept, not copied).</summary>
    /// <param name="features">All samples' features, sample after sample.</param>
    /// <param name="sampleShape">Shape of one sample, e.g. [2] for two features.</param>
    /// <param name="targets">All target rows, row after row.</param>
    /// <param name="targetWidth">Values per target row, e.g. 1.</param>
    public TargetArraySource(float[] features, int[] sampleShape, float[] targets, int targetWidth)
    {
        _sampleSize = sampleShape.Aggregate(1, (a, d) => a * d);
        if (_sampleSize <= 0 || features.Length == 0 || features.Length % _sampleSize != 0)
            throw new DataException($"Features: {features.Length} values do not form samples of shape [{string.Join(",", sampleShape)}].");
        if (targetWidth <= 0 || targets.Length != features.Length / _sampleSize * targetWidth)
            throw new DataException(
                $"Targets: {features.Length / _sampleSize} samples need {features.Length / _sampleSize * targetWidth} target values of width {targetWidth}, received {targets.Length}.");
        var bad = Array.FindIndex(features, v => !float.IsFinite(v));
        if (bad >= 0) throw new DataException($"Features: value {bad} (sample {bad / _sampleSize}) is {features[bad]}, expected a finite number.");
        bad = Array.FindIndex(targets, v => !float.IsFinite(v));
        if (bad >= 0) throw new DataException($"Targets: value {bad} (sample {bad / targetWidth}) is {targets[bad]}, expected a finite number.");
        _features = features;
        _targets = targets;
        SampleShape = sampleShape;
        NumClasses = targetWidth;
    }

    /// <inheritdoc/>
    public int Count => _features.Length / _sampleSize;
    /// <inheritdoc/>
    public int[] SampleShape { get; }
    /// <inheritdoc/>
    public int NumClasses { get; }
    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => [];

    /// <inheritdoc/>
    public IEnumerable<Batch> Epoch(int epoch, int batchSize, bool shuffle, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var order = shuffle ? SeedMix.Permutation(Count, seed, epoch) : Enumerable.Range(0, Count).ToArray();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var batch = Batch.Rent(Math.Min(batchSize, order.Length - start), SampleShape, NumClasses);
            for (var i = 0; i < batch.Count; i++)
            {
                var index = order[start + i];
                batch.Indices[i] = index;
                _features.AsSpan(index * _sampleSize, _sampleSize).CopyTo(batch.Features.AsSpan(i * _sampleSize));
                _targets.AsSpan(index * NumClasses, NumClasses).CopyTo(batch.Labels.AsSpan(i * NumClasses));
            }
            yield return batch;
        }
    }

    /// <summary>The first <paramref name="count"/> samples and the rest (Keras takes validation from the end).</summary>
    public (TargetArraySource Head, TargetArraySource Tail) SplitAt(int count) =>
        (new(_features[..(count * _sampleSize)], SampleShape, _targets[..(count * NumClasses)], NumClasses),
         new(_features[(count * _sampleSize)..], SampleShape, _targets[(count * NumClasses)..], NumClasses));
}
