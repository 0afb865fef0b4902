using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Augment;

/// <summary>
/// One-hot label encoding like scikit-learn's LabelBinarizer: classes are kept sorted (numerically
/// when every label is an integer, ordinally otherwise, as np.unique sorts), transform gives one
/// column per class and inverse transform takes the arg-max. Unlike scikit-learn, two classes still
/// give two columns, which is what a softmax output needs.
/// </summary>
public sealed class LabelBinarizer
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Uses a known class list as-is (e.g. read back from a model's metadata).</summary>
    public LabelBinarizer(IReadOnlyList<string> classes)
    {
        if (classes.Count == 0) throw new DataException("No classes: expected at least one label.");
        Classes = classes;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Count; i++)
            if (!_index.TryAdd(classes[i], i))
                throw new ArgumentException($"Class '{classes[i]}' appears twice in the class list.", nameof(classes));
    }

    /// <summary>The classes in index order.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>The number of classes.</summary>
    public int NumClasses => Classes.Count;

    /// <summary>Learns the classes from string labels, sorted ordinally.</summary>
    public static LabelBinarizer Fit(IEnumerable<string> labels) => new(SortedClasses(labels));

    /// <summary>Learns the classes from integer labels, sorted numerically (their names are the numbers).</summary>
    public static LabelBinarizer Fit(IEnumerable<int> labels) =>
        new(labels.Distinct().Order().Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Distinct labels, sorted as scikit-learn would: numerically if all are integers, else ordinally.</summary>
    internal static string[] SortedClasses(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToArray();
        bool numeric = distinct.All(l => long.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        return numeric
            ? distinct.OrderBy(l => long.Parse(l, CultureInfo.InvariantCulture)).ToArray()
            : distinct.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The index of <paramref name="label"/>; throws <see cref="DataException"/> naming the known classes when it is not one.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label, out int i)
        ? i
        : throw new DataException($"Unknown label '{label}'; known classes: {string.Join(", ", Classes)}.");

    /// <summary>The index of each label (see <see cref="IndexOf"/>).</summary>
    public int[] Encode(IEnumerable<string> labels) => labels.Select(IndexOf).ToArray();

    /// <summary>One-hot rows, n × NumClasses.</summary>
    public float[] Transform(IEnumerable<string> labels)
    {
        var indices = Encode(labels);
        var onehot = new float[indices.Length * NumClasses];
        OneHot(indices, NumClasses, onehot);
        return onehot;
    }

    /// <summary>The class with the highest score in each row of n × NumClasses <paramref name="scores"/>.</summary>
    public string[] InverseTransform(ReadOnlySpan<float> scores)
    {
        if (scores.Length % NumClasses != 0)
            throw new ArgumentException($"scores hold {scores.Length} values, not a multiple of {NumClasses} classes", nameof(scores));
        var result = new string[scores.Length / NumClasses];
        for (int i = 0; i < result.Length; i++)
            result[i] = Classes[TensorPrimitives.IndexOfMax(scores.Slice(i * NumClasses, NumClasses))];
        return result;
    }

    /// <summary>Writes one-hot rows for <paramref name="indices"/> into <paramref name="dst"/> (cleared first).</summary>
    public static void OneHot(ReadOnlySpan<int> indices, int numClasses, Span<float> dst)
    {
        dst[..(indices.Length * numClasses)].Clear();
        for (int i = 0; i < indices.Length; i++) dst[i * numClasses + indices[i]] = 1f;
    }
}
