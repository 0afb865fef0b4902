namespace Onnxdl.Graph.Tests.Layers;

public class SplitMix64Tests
{
    /// <summary>The reference implementation's (Vigna, splitmix64.c) first outputs for seed 1234567.</summary>
    [Fact]
    public void First_outputs_match_the_reference_implementation()
    {
        var rng = new SplitMix64(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => rng.Next()));
    }

    [Fact]
    public void Mix_is_the_output_for_a_state()
    {
        var rng = new SplitMix64(42);
        Assert.Equal(SplitMix64.Mix(42), rng.Next());
        Assert.Equal(SplitMix64.Mix(42 + SplitMix64.Gamma), rng.Next());
    }
}
