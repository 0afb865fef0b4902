namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// Recognizes a BatchNormalization node that normalizes its input by that input's own batch statistics, as training-mode
/// layers write it: mean = ReduceMean(x), variance = ReduceMean(c·c) with c = x − mean (mean reshaped onto the channel
/// axis), both over every axis but the channel axis 1 without kept dims. Its gradient then has a closed form that already
/// contains the paths through the statistics (a handful of passes instead of the dozen or so their own rules emit).
/// </summary>
internal static class BatchStatistics
{
    /// <summary>The forward's centered input c = x − mean when the node's statistics are x's batch statistics, else null.</summary>
    public static Var? Centered(GradContext g)
    {
        Var x = g.I(0), mean = g.I(3), variance = g.I(4);
        if (!IsChannelMean(g, mean, x) || g.Producer(variance) is not { OpType: "ReduceMean" } varianceNode) return null;
        var squares = new Var(varianceNode.Input(0));
        if (!IsChannelMean(g, variance, squares)
            || g.Producer(squares) is not { OpType: "Mul" } square || square.Input(0) != square.Input(1)) return null;
        var centered = new Var(square.Input(0));
        return g.Producer(centered) is { OpType: "Sub" } sub && sub.Input(0) == x.Name && IsOnChannelAxis(g, new Var(sub.Input(1)), mean, x)
            ? centered
            : null;
    }

    /// <summary>Whether <paramref name="value"/> is ReduceMean of <paramref name="of"/> over every axis but 1, without kept dims.</summary>
    private static bool IsChannelMean(GradContext g, Var value, Var of)
    {
        if (g.Producer(value) is not { OpType: "ReduceMean" } node || node.Input(0) != of.Name || node.Int("keepdims", 1) != 0) return false;
        var axes = node.Ints("axes") ?? (node.Input(1).Length > 0 ? g.ConstantInts(new Var(node.Input(1))) : null);
        if (axes is null || g.TypeOf(of)?.Shape?.Count is not { } rank || rank < 2) return false;
        var normalized = axes.Select(a => a < 0 ? a + rank : a).Order();
        return normalized.SequenceEqual(Enumerable.Range(0, rank).Where(a => a != 1).Select(a => (long)a));
    }

    /// <summary>Whether <paramref name="broadcast"/> is <paramref name="mean"/> itself (x of rank 2) or mean reshaped to [C, 1, …] or [1, C, 1, …].</summary>
    private static bool IsOnChannelAxis(GradContext g, Var broadcast, Var mean, Var x)
    {
        if (broadcast.Name == mean.Name) return g.TypeOf(x)?.Shape?.Count == 2;
        if (g.Producer(broadcast) is not { OpType: "Reshape" } reshape || reshape.Input(0) != mean.Name) return false;
        if (g.StaticShape(broadcast) is not { } dims || g.TypeOf(x)?.Shape?.Count is not { } rank) return false;
        var channelAxis = dims.Length == rank ? 1 : dims.Length == rank - 1 ? 0 : -1;
        return channelAxis >= 0 && dims.Where((d, i) => i != channelAxis).All(d => d == 1);
    }
}
