using Onnxdl.Augment;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime;

/// <summary>
/// Runs an image classifier on encoded images: each image goes through the model's preprocessing (its
/// <c>onnxdl.preprocessing</c> metadata, or one derived from an [N, C, H, W] input), then batches go through
/// the <see cref="Predictor"/> and each output row becomes ranked <see cref="ClassScore"/>s. Thread-safe
/// when the Predictor is.
/// </summary>
public sealed class ImageClassifier
{
    /// <summary>Classifies images with <paramref name="predictor"/>'s model, preprocessed as its <c>onnxdl.preprocessing</c> metadata says (or resized to its [N,C,H,W] input and scaled 1/255 when absent). Does not take ownership of the predictor.</summary>
    public ImageClassifier(Predictor predictor)
    {
        Predictor = predictor;
        if (predictor.Inputs.Count != 1)
            throw new ArgumentException(
                $"{predictor.Name} has {predictor.Inputs.Count} inputs ({string.Join(", ", predictor.Inputs.Select(i => i.Name))}); an image classifier takes one.");
        if (predictor.Metadata.TryGetValue(MetadataKeys.Preprocessing, out var json))
        {
            Preprocessing = Augment.Preprocessing.FromJson(json, MetadataKeys.Preprocessing);
            PreprocessingFromMetadata = true;
        }
        else Preprocessing = FromInputShape(predictor);
        SampleDims = SampleDimsFor(predictor, Preprocessing);
    }

    /// <summary>The predictor that runs the model (owned by the caller).</summary>
    public Predictor Predictor { get; }
    /// <summary>How images are turned into the model's input.</summary>
    public Preprocessing Preprocessing { get; }

    /// <summary>False when the model stores no preprocessing and it was derived from the input shape (scale 1/255).</summary>
    public bool PreprocessingFromMetadata { get; }

    /// <summary>Null when the model stores its preprocessing; otherwise one line saying what was derived, for the user to check.</summary>
    public string? DerivedPreprocessingNote => PreprocessingFromMetadata ? null :
        $"{Predictor.Name} has no {MetadataKeys.Preprocessing} metadata; images are resized to " +
        $"{Preprocessing.Width}x{Preprocessing.Height}, {Preprocessing.Channels} channel(s), scaled by 1/255 (derived from its input shape).";

    /// <summary>Floats per preprocessed image.</summary>
    public int SampleSize => Preprocessing.SampleSize;

    /// <summary>The model input's dims after the batch dim (e.g. [1, 28, 28], or [784] for a flat input).</summary>
    public long[] SampleDims { get; }

    /// <summary>Decodes and preprocesses one encoded image into <paramref name="sample"/> (<see cref="SampleSize"/> floats);
    /// an undecodable image throws <see cref="DataException"/> naming <paramref name="name"/>.</summary>
    public void Preprocess(ReadOnlySpan<byte> encoded, Span<float> sample, string name) => Preprocessing.Apply(encoded, sample, name);

    /// <summary>Decodes and preprocesses one image file into <paramref name="sample"/>.</summary>
    public void Preprocess(string file, Span<float> sample) => Preprocessing.Apply(file, sample);

    /// <summary>Classifies <paramref name="count"/> preprocessed images laid out one after another in <paramref name="samples"/>.</summary>
    public ClassScore[][] Classify(float[] samples, int count, int top)
    {
        if (samples.Length != count * SampleSize)
            throw new ArgumentException($"{count} images need {count * SampleSize} floats ({SampleSize} each), received {samples.Length}.", nameof(samples));
        var output = Predictor.Predict(new TensorData([count, .. SampleDims], samples));
        if (output.Data is not float[] scores || output.Dims.Length != 2 || output.Dims[0] != count)
            throw new InvalidOperationException(
                $"{Predictor.Name}: output '{Predictor.Outputs[0].Name}' is {output}; a classifier gives float[{count},classes].");
        var classes = (int)output.Dims[1];
        return [.. Enumerable.Range(0, count).Select(i => ClassProbabilities.Rank(scores.AsSpan(i * classes, classes), Predictor.Labels, top))];
    }

    /// <summary>Classifies one encoded image.</summary>
    public ClassScore[] Classify(ReadOnlySpan<byte> encoded, string name, int top)
    {
        var sample = new float[SampleSize];
        Preprocess(encoded, sample, name);
        return Classify(sample, 1, top)[0];
    }

    /// <summary>An [N, C, H, W] input with C of 1, 3 or 4 and fixed H, W: that size and channels, scale 1/255.</summary>
    private static Preprocessing FromInputShape(Predictor predictor)
    {
        var input = predictor.Inputs[0];
        if (input.Type.Shape is [_, { Value: (1 or 3 or 4) and long c }, { Value: long h }, { Value: long w }])
            return new Preprocessing((int)w, (int)h, (int)c);
        throw new ArgumentException(
            $"{predictor.Name} has no '{MetadataKeys.Preprocessing}' metadata and its input '{input.Name}' {input.Type} is not " +
            "[N,C,H,W] with C = 1, 3 or 4 and fixed H, W, so images cannot be turned into its input; feed tensors instead.");
    }

    /// <summary>The input's own per-sample dims when fixed and of the right size (a flat [N, 784] input), else [C, H, W].</summary>
    private static long[] SampleDimsFor(Predictor predictor, Preprocessing preprocessing)
    {
        var input = predictor.Inputs[0];
        if (input.Type.Shape is { Count: > 1 } shape && shape.Skip(1).All(d => d.IsFixed))
        {
            long[] dims = [.. shape.Skip(1).Select(d => d.Value!.Value)];
            if (dims.Aggregate(1L, (a, d) => a * d) != preprocessing.SampleSize)
                throw new ArgumentException(
                    $"{predictor.Name}: input '{input.Name}' {input.Type} takes {dims.Aggregate(1L, (a, d) => a * d)} values per sample, but the preprocessing " +
                    $"({preprocessing.Width}x{preprocessing.Height}, {preprocessing.Channels} channels) gives {preprocessing.SampleSize}.");
            return dims;
        }
        return [.. preprocessing.SampleShape.Select(d => (long)d)];
    }
}
