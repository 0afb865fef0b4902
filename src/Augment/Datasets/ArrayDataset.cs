namespace Onnxdl.Augment;

/// <summary>
/// A labelled dataset held in memory: <see cref="Features"/> is N × SampleShape floats in
/// row-major order (NCHW for images), <see cref="Labels"/> holds class indices into <see cref="ClassNames"/>.
/// </summary>
public sealed class ArrayDataset
{
    /// <summary>Wraps the arrays without copying; throws <see cref="DataException"/> when they disagree or are empty.</summary>
    public ArrayDataset(float[] features, int[] labels, int[] sampleShape, IReadOnlyList<string> classNames,
        Preprocessing? preprocessing = null)
    {
        if (labels.Length == 0)
            throw new DataException("The dataset is empty (0 samples); expected at least one labelled sample.");
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"Sample shape must have positive dimensions. Received: [{string.Join(", ", sampleShape)}]", nameof(sampleShape));
        SampleSize = sampleShape.Aggregate(1, (a, d) => a * d);
        if (features.Length != labels.Length * SampleSize)
            throw new ArgumentException($"features hold {features.Length} floats; {labels.Length} samples of shape [{string.Join(", ", sampleShape)}] need {labels.Length * SampleSize}", nameof(features));
        int bad = Array.FindIndex(labels, l => l < 0 || l >= classNames.Count);
        if (bad >= 0)
            throw new DataException($"Label {labels[bad]} of sample {bad} is outside the {classNames.Count} classes [0, {classNames.Count - 1}].");
        Features = features;
        Labels = labels;
        SampleShape = sampleShape;
        ClassNames = classNames;
        Preprocessing = preprocessing;
    }

    /// <summary>All samples' features, sample after sample (<see cref="Count"/> × <see cref="SampleSize"/> floats).</summary>
    public float[] Features { get; }
    /// <summary>One class index per sample, in [0, <see cref="NumClasses"/>).</summary>
    public int[] Labels { get; }
    /// <summary>Shape of one sample, e.g. [C, H, W] for images or [F] for tabular rows.</summary>
    public int[] SampleShape { get; }
    /// <summary>The class names; a label is an index into this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>How the images were turned into features, when they came from image files; the trainer stores it in the model.</summary>
    public Preprocessing? Preprocessing { get; }
    /// <summary>Floats per sample: the product of <see cref="SampleShape"/>.</summary>
    public int SampleSize { get; }
    /// <summary>The number of samples.</summary>
    public int Count => Labels.Length;
    /// <summary>The number of classes (<see cref="ClassNames"/>' count).</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>The features of sample <paramref name="index"/> (a view into <see cref="Features"/>, no copy).</summary>
    public ReadOnlySpan<float> Sample(int index) => Features.AsSpan(index * SampleSize, SampleSize);

    /// <summary>A copy holding the given samples in the given order.</summary>
    public ArrayDataset Subset(IReadOnlyList<int> indices)
    {
        var features = new float[indices.Count * SampleSize];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Sample(indices[i]).CopyTo(features.AsSpan(i * SampleSize));
            labels[i] = Labels[indices[i]];
        }
        return new ArrayDataset(features, labels, SampleShape, ClassNames, Preprocessing);
    }

    /// <summary>Random train/test split like scikit-learn's train_test_split; see <see cref="Onnxdl.Augment.TrainTestSplit"/>.</summary>
    public (ArrayDataset Train, ArrayDataset Test) TrainTestSplit(double testSize, int seed, bool stratify = false)
    {
        var (train, test) = Augment.TrainTestSplit.Indices(Count, testSize, seed, stratify ? Labels : null);
        return (Subset(train), Subset(test));
    }
}
