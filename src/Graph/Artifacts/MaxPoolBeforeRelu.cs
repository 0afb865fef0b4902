namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Rewrites <c>MaxPool(Relu(x))</c> into <c>Relu(MaxPool(x))</c>. Both compute the same values and exactly
/// the same gradients: a window whose maximum is positive routes its gradient to the same first maximum
/// either way, and one whose maximum is ≤ 0 gets zero either way (Relu's gradient there is zero). Relu then
/// runs, forward and backward, on the pooled tensor, a quarter of the size for 2×2 pooling; the seed CNN's
/// ReLU backward was the largest single node of its training step. Strictly increasing activations
/// (Sigmoid, Tanh) would commute in exact arithmetic, but rounding can tie distinct inputs, which would move
/// a gradient to another element, so they are left alone.
/// </summary>
internal static class MaxPoolBeforeRelu
{
    /// <summary>Swaps every Relu → MaxPool pair whose Relu output feeds only the pool; returns how many were swapped.</summary>
    public static int Apply(OnnxGraph graph)
    {
        var swapped = 0;
        foreach (var pool in graph.Nodes.Where(n => n.OpType == "MaxPool").ToList())
        {
            if (pool.Outputs.Count > 1 && pool.Outputs[1].Length > 0) continue;
            var relu = graph.Nodes.Find(n => n.Outputs.Contains(pool.Inputs[0]));
            if (relu is not { OpType: "Relu" } || !graph.OnlyFeeds(relu.Outputs[0], pool)) continue;
            Swap(graph, relu, pool);
            swapped++;
        }
        return swapped;
    }

    /// <summary>
    /// x → Relu → a → MaxPool → p becomes x → MaxPool → a → Relu → p: the names stay, and Relu moves to just
    /// after the pool so the node order stays topological. a's annotation (if any) had the unpooled shape, so it goes.
    /// </summary>
    private static void Swap(OnnxGraph graph, Node relu, Node pool)
    {
        var (x, a, p) = (relu.Inputs[0], relu.Outputs[0], pool.Outputs[0]);
        pool.Inputs[0] = x;
        pool.Outputs[0] = a;
        relu.Inputs[0] = a;
        relu.Outputs[0] = p;
        graph.ValueInfos.RemoveAll(v => v.Name == a);
        graph.Nodes.Remove(relu);
        graph.Nodes.Insert(graph.Nodes.IndexOf(pool) + 1, relu);
    }
}
