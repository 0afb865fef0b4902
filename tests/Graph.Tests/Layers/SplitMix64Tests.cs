namespace Onnxdl.Graph.Tests.Layers;

public class SplitMix64Tests
{
    /// <summary>The reference implementation's (Vigna, splitmix64.c) first outputs for seed 1234567.</summary>
    [Fact]
    public void FirstOutputsMatchTheReferenceImplementation()
    {
        var rng = new SplitMix64(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => rng.Next()));
    }

    [Fact]
    public void MixIsTheOutputForAState()
    {
        var rng = new SplitMix64(42);
        Assert.Equal(SplitMix64.Mix(42), rng.Next());
        Assert.Equal(SplitMix64.Mix(42 + SplitMix64.Gamma), rng.Next());
    }
}
