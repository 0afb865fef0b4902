using Onnxdl.Graph.Losses;

namespace Onnxdl.Graph.Metrics;

/// <summary>
/// A metric as a graph fragment: <see cref="Build"/> appends nodes reducing a batch of predictions
/// and targets to one float scalar (the batch mean). Metrics are outputs only; nothing differentiates them.
/// </summary>
public abstract class Metric(string name)
{
    /// <summary>The name the user asked for (<c>accuracy</c> stays <c>accuracy</c> whichever kind it resolves to), as Keras reports it.</summary>
    public string Name { get; } = name;

    /// <summary>Appends the metric; returns a float scalar (shape []).</summary>
    public abstract Var Build(GraphBuilder b, Var prediction, Var target);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({GetType().Name})";

    /// <summary>Every name <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mae", "mean_absolute_error"];

    /// <summary>
    /// A metric by name. Like Keras, <c>accuracy</c> becomes binary accuracy for a binary cross-entropy loss or a
    /// one-unit prediction (<paramref name="prediction"/>'s last dim is 1), sparse categorical accuracy for a sparse
    /// loss, and categorical accuracy otherwise.
    /// </summary>
    public static Metric FromName(string name, Loss loss, TensorType? prediction = null) => name.Trim().ToLowerInvariant() switch
    {
        "accuracy" or "acc" => AccuracyFor(name.Trim().ToLowerInvariant(), loss, prediction),
        "binary_accuracy" => new BinaryAccuracy(),
        "categorical_accuracy" => new CategoricalAccuracy(),
        "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(),
        "mae" or "mean_absolute_error" => new MeanAbsoluteErrorMetric(),
        _ => throw new ArgumentException($"Unknown metric '{name}'. Valid metrics: {string.Join(", ", Names)}.", nameof(name)),
    };

    private static Metric AccuracyFor(string name, Loss loss, TensorType? prediction) => loss switch
    {
        BinaryCrossentropy => new BinaryAccuracy(name: name),
        SparseCategoricalCrossentropy => new SparseCategoricalAccuracy(name),
        CategoricalCrossentropy => new CategoricalAccuracy(name),
        _ when prediction?.Shape is { Count: > 0 } s && s[^1].Value == 1 => new BinaryAccuracy(name: name),
        _ => new CategoricalAccuracy(name),
    };

    /// <summary>The fraction of true values in a boolean tensor.</summary>
    private protected static Var MeanOf(GraphBuilder b, Var matches) =>
        b.ReduceMean(b.Cast(matches, ElementType.Float), keepDims: false);
}
