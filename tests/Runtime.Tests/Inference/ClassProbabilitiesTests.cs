namespace Onnxdl.Runtime.Tests;

public class ClassProbabilitiesTests
{
    [Fact]
    public void DistributionIsKept() => Assert.Equal([0.2f, 0.5f, 0.3f], ClassProbabilities.Of([0.2f, 0.5f, 0.3f]));

    [Fact]
    public void LogitsGoThroughSoftmax()
    {
        // softmax(0, ln 2, ln 5) = (1, 2, 5) / 8
        var p = ClassProbabilities.Of([0f, MathF.Log(2), MathF.Log(5)]);
        Assert.Equal([0.125f, 0.25f, 0.625f], p, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void OneColumnIsASigmoidOverTwoClasses() => Assert.Equal([0.25f, 0.75f], ClassProbabilities.Of([0.75f]));

    /// <summary>A single value outside [0, 1] is a logit (from_logits models), not a probability: never a negative probability.</summary>
    [Theory]
    [InlineData(2.5f)]
    [InlineData(-3f)]
    public void OneColumnOutsideTheUnitIntervalIsALogit(float logit)
    {
        var p = 1 / (1 + Math.Exp(-logit));
        var probabilities = ClassProbabilities.Of([logit]);
        Assert.Equal(1 - p, probabilities[0], 1e-6);
        Assert.Equal(p, probabilities[1], 1e-6);
    }

    [Fact]
    public void RankGivesTheBestFirstWithLabelsAndLowerIndexOnTies()
    {
        var ranked = ClassProbabilities.Rank([0.3f, 0.1f, 0.3f, 0.3f], ["a", "b", "c", "d"], top: 3);
        Assert.Equal([new ClassScore(0, "a", 0.3f), new ClassScore(2, "c", 0.3f), new ClassScore(3, "d", 0.3f)], ranked);
    }

    [Fact]
    public void LabelsOfTheWrongCountAreReplacedByIndices() =>
        Assert.Equal(["1", "0"], ClassProbabilities.Rank([0.4f, 0.6f], ["only"], top: 5).Select(s => s.Label));
}
