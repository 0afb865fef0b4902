namespace Onnxdl.Augment.Tests;

public class LabelAndSplitTests
{
    [Fact]
    public void Label_binarizer_sorts_like_sklearn_and_round_trips()
    {
        var binarizer = LabelBinarizer.Fit(["dog", "cat", "bird", "cat"]);
        Assert.Equal(["bird", "cat", "dog"], binarizer.Classes);
        var onehot = binarizer.Transform(["cat", "dog"]);
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 1f], onehot);
        Assert.Equal(["cat", "dog"], binarizer.InverseTransform(onehot));
        Assert.Equal(["bird"], binarizer.InverseTransform([0.7f, 0.2f, 0.1f]));
        Assert.Equal(["2", "10"], LabelBinarizer.Fit(["10", "2"]).Classes); // integers sort numerically
        Assert.Equal(["1", "3"], LabelBinarizer.Fit([3, 1, 3]).Classes);
        Assert.Contains("fish", Assert.Throws<DataException>(() => binarizer.Encode(["fish"])).Message);
    }

    [Fact]
    public void Split_is_reproducible_disjoint_and_sized_like_sklearn()
    {
        var (train, test) = TrainTestSplit.Indices(10, 0.25, seed: 1);
        Assert.Equal(3, test.Length); // ceil(0.25 × 10)
        Assert.Equal(7, train.Length);
        Assert.Equal(Enumerable.Range(0, 10), train.Concat(test).Order());
        var again = TrainTestSplit.Indices(10, 0.25, seed: 1);
        Assert.Equal(train, again.Train);
        Assert.Equal(test, again.Test);
        Assert.NotEqual(test, TrainTestSplit.Indices(10, 0.25, seed: 2).Test);
    }

    [Fact]
    public void Stratified_split_keeps_class_proportions()
    {
        int[] labels = [.. Enumerable.Repeat(0, 60), .. Enumerable.Repeat(1, 30), .. Enumerable.Repeat(2, 10)];
        var (train, test) = TrainTestSplit.Indices(labels.Length, 0.2, seed: 5, labels);
        Assert.Equal(20, test.Length);
        Assert.Equal([12, 6, 2], test.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal([48, 24, 8], train.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal([2, 1, 1], TrainTestSplit.Allocate([5, 3, 2], 4)); // 2.0, 1.2, 0.8 → remainder to 0.8
        Assert.Throws<DataException>(() => TrainTestSplit.Indices(3, 0.5, 1, [0, 0, 1]));
    }

    [Fact]
    public void Dataset_split_keeps_features_with_their_labels()
    {
        var data = new ArrayDataset(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(),
            Enumerable.Range(0, 10).Select(i => i % 2).ToArray(), [2], ["even", "odd"]);
        var (train, test) = data.TrainTestSplit(0.3, seed: 3, stratify: true);
        Assert.Equal(7, train.Count);
        Assert.Equal(3, test.Count);
        for (int i = 0; i < test.Count; i++)
            Assert.Equal(test.Sample(i)[0] / 2 % 2, test.Labels[i]);
    }
}
