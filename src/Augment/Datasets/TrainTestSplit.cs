namespace Onnxdl.Augment;

/// <summary>
/// Random train/test split like scikit-learn's <c>train_test_split</c>: the test set has
/// ceil(testSize × n) samples; with labels given, every class keeps its proportion (largest
/// remainder rounding). Both parts come back shuffled; the result is a pure function of the seed.
/// </summary>
public static class TrainTestSplit
{
    /// <summary>Splits <paramref name="count"/> sample indices into train and test sets: <paramref name="testSize"/> is the test fraction in (0, 1), the shuffle is seeded, and with <paramref name="stratifyLabels"/> each class is split in the same proportion.</summary>
    public static (int[] Train, int[] Test) Indices(int count, double testSize, int seed, IReadOnlyList<int>? stratifyLabels = null)
    {
        if (!(testSize > 0 && testSize < 1))
            throw new ArgumentOutOfRangeException(nameof(testSize), testSize, "testSize must be a fraction in (0, 1)");
        int testCount = (int)Math.Ceiling(testSize * count);
        if (testCount < 1 || testCount >= count)
            throw new DataException($"A test fraction of {testSize} of {count} samples leaves {testCount} test and {count - testCount} train samples; both need at least one.");
        if (stratifyLabels is not null && stratifyLabels.Count != count)
            throw new ArgumentException($"stratify labels hold {stratifyLabels.Count} entries; expected {count}", nameof(stratifyLabels));
        var rng = new Random(seed);
        var (train, test) = stratifyLabels is null
            ? Plain(count, testCount, rng)
            : Stratified(stratifyLabels, testCount, rng);
        rng.Shuffle(train);
        rng.Shuffle(test);
        return (train, test);
    }

    private static (int[] Train, int[] Test) Plain(int count, int testCount, Random rng)
    {
        var order = Enumerable.Range(0, count).ToArray();
        rng.Shuffle(order);
        return (order[testCount..], order[..testCount]);
    }

    private static (int[] Train, int[] Test) Stratified(IReadOnlyList<int> labels, int testCount, Random rng)
    {
        var classes = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key)
            .Select(g => g.ToArray()).ToArray();
        var small = classes.FirstOrDefault(c => c.Length < 2);
        if (small is not null)
            throw new DataException($"Class {labels[small[0]]} has only 1 sample; a stratified split needs at least 2 per class.");
        var quotas = Allocate(classes.Select(c => c.Length).ToArray(), testCount);
        List<int> train = [], test = [];
        for (int k = 0; k < classes.Length; k++)
        {
            rng.Shuffle(classes[k]);
            test.AddRange(classes[k][..quotas[k]]);
            train.AddRange(classes[k][quotas[k]..]);
        }
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>Splits <paramref name="total"/> over classes in proportion to their sizes; the
    /// remainder goes to the largest fractional parts (ties: lower class first).</summary>
    internal static int[] Allocate(int[] sizes, int total)
    {
        double n = sizes.Sum();
        var exact = sizes.Select(s => total * s / n).ToArray();
        var quotas = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var byRemainder = Enumerable.Range(0, sizes.Length).OrderByDescending(k => exact[k] - quotas[k]).ThenBy(k => k);
        foreach (int k in byRemainder.Take(total - quotas.Sum())) quotas[k]++;
        return quotas;
    }
}
