namespace Onnxdl.Runtime.Tests;

public class ClassProbabilitiesTests
{
    [Fact]
    public void Distribution_is_kept() => Assert.Equal([0.2f, 0.5f, 0.3f], ClassProbabilities.Of([0.2f, 0.5f, 0.3f]));

    [Fact]
    public void Logits_go_through_softmax()
    {
        // softmax(0, ln 2, ln 5) = (1, 2, 5) / 8
        var p = ClassProbabilities.Of([0f, MathF.Log(2), MathF.Log(5)]);
        Assert.Equal([0.125f, 0.25f, 0.625f], p, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void One_column_is_a_sigmoid_over_two_classes() => Assert.Equal([0.25f, 0.75f], ClassProbabilities.Of([0.75f]));

    /// <summary>A single value outside [0, 1] is a logit (from_logits models), not a probability: never a negative probability.</summary>
    [Theory]
    [InlineData(2.5f)]
    [InlineData(-3f)]
    public void One_column_outside_the_unit_interval_is_a_logit(float logit)
    {
        var p = 1 / (1 + Math.Exp(-logit));
        var probabilities = ClassProbabilities.Of([logit]);
        Assert.Equal(1 - p, probabilities[0], 1e-6);
        Assert.Equal(p, probabilities[1], 1e-6);
    }

    [Fact]
    public void Rank_gives_the_best_first_with_labels_and_lower_index_on_ties()
    {
        var ranked = ClassProbabilities.Rank([0.3f, 0.1f, 0.3f, 0.3f], ["a", "b", "c", "d"], top: 3);
        Assert.Equal([new ClassScore(0, "a", 0.3f), new ClassScore(2, "c", 0.3f), new ClassScore(3, "d", 0.3f)], ranked);
    }

    [Fact]
    public void Labels_of_the_wrong_count_are_replaced_by_indices() =>
        Assert.Equal(["1", "0"], ClassProbabilities.Rank([0.4f, 0.6f], ["only"], top: 5).Select(s => s.Label));
}
