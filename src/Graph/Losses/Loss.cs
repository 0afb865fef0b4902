namespace Onnxdl.Graph.Losses;

/// <summary>
/// A training loss as a graph fragment: <see cref="Build"/> appends the nodes that reduce a batch of
/// predictions and targets to one float scalar (the mean loss over the batch). Every emitted op has an
/// ordinary gradient rule, so the autodiff can differentiate the fragment.
/// </summary>
public abstract class Loss
{
    /// <summary>Keras's fuzz factor for clipping probabilities away from 0 and 1.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>The Keras name (<c>categorical_crossentropy</c>, …) used in specs and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>Appends the loss; returns a float scalar (shape []).</summary>
    public abstract Var Build(GraphBuilder b, Var prediction, Var target);

    /// <summary>True for a loss on real-valued targets (<c>mse</c>, <c>mae</c>, <c>huber</c>); false for one on classes.</summary>
    public virtual bool IsRegression => false;

    /// <summary>The type the target input must have for a prediction of type <paramref name="prediction"/>.</summary>
    public virtual TensorType TargetType(TensorType prediction) => prediction;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Every name <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["mse", "mae", "huber", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"];

    /// <summary>The names in <see cref="Names"/> of the losses whose <see cref="IsRegression"/> is true.</summary>
    public static IReadOnlyList<string> RegressionNames { get; } = [.. Names.Where(n => FromName(n).IsRegression)];

    /// <summary>A loss by its Keras name (also the long forms <c>mean_squared_error</c>, <c>mean_absolute_error</c>).</summary>
    public static Loss FromName(string name, bool fromLogits = false) => name.Trim().ToLowerInvariant() switch
    {
        "mse" or "mean_squared_error" => new MeanSquaredError(),
        "mae" or "mean_absolute_error" => new MeanAbsoluteError(),
        "huber" => new Huber(),
        "categorical_crossentropy" => new CategoricalCrossentropy(fromLogits),
        "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(fromLogits),
        "binary_crossentropy" => new BinaryCrossentropy(fromLogits),
        _ => throw new ArgumentException($"Unknown loss '{name}'. Valid losses: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Mean over the batch of a per-sample sum over the last (class) axis.</summary>
    private protected static Var MeanOfRowSums(GraphBuilder b, Var x) =>
        b.ReduceMean(b.ReduceSum(x, [-1], keepDims: false), keepDims: false);

    /// <summary>Clips probabilities to [ε, 1-ε] as Keras does before taking their log.</summary>
    private protected static Var ClipProbabilities(GraphBuilder b, Var p) =>
        b.Clip(p, b.Constant(Epsilon, "epsilon"), b.Constant(1f - Epsilon, "one_minus_epsilon"));
}
