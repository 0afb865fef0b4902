using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph;

/// <summary>
/// The arithmetic of a model per sample: multiply-accumulates of its Conv, Gemm and MatMul nodes (the rest is
/// elementwise and negligible next to them), and the floating-point operations of one training step: each such
/// node's forward, its weight gradient, and its input gradient unless that input is the model's data.
/// Benchmarks divide <see cref="TrainingFlopsPerSample"/> by the measured time per sample to get GFLOP/s.
/// </summary>
public sealed record TrainingFlops(IReadOnlyList<NodeMacs> Nodes)
{
    /// <summary>Multiply-accumulates of one sample's forward pass, over all counted nodes.</summary>
    public long ForwardMacsPerSample => Nodes.Sum(n => n.MacsPerSample);

    /// <summary>Floating-point operations of one sample in a training step (forward and backward), over all counted nodes.</summary>
    public long TrainingFlopsPerSample => Nodes.Sum(n => n.TrainingFlopsPerSample);

    /// <summary>Counts from <paramref name="model"/>'s inferred shapes; nodes whose shapes are not static are skipped.</summary>
    public static TrainingFlops Of(OnnxModel model)
    {
        var graph = model.Graph;
        var types = TypeInference.Infer(graph);
        var learned = LearnedValues(graph);
        return new TrainingFlops([
            .. graph.Nodes.Select(n => new NodeMacs(n.Name, MacsPerSample(n, types), !learned.Contains(n.Input(0)))).Where(n => n.MacsPerSample > 0),
        ]);
    }

    /// <summary>Initializers and every value computed from one: the values whose gradient a training step computes.</summary>
    private static HashSet<string> LearnedValues(OnnxGraph graph)
    {
        var learned = graph.Initializers.Select(t => t.Name).ToHashSet();
        foreach (var node in graph.Nodes.Where(n => n.Inputs.Any(learned.Contains)))
            learned.UnionWith(node.Outputs);
        return learned;
    }

    private static long MacsPerSample(Node node, IReadOnlyDictionary<string, TensorType> types)
    {
        long[]? Dims(int input) => types.GetValueOrDefault(input < 0 ? node.Outputs[0] : node.Input(input)) is { } t &&
                                   t.Shape is { } s && s.Skip(1).All(d => d.IsFixed) ? [.. s.Skip(1).Select(d => d.Value!.Value)] : null;
        static long Product(IEnumerable<long> dims) => dims.Aggregate(1L, (p, d) => p * d);
        return node.OpType switch
        {
            // output elements × (input channels per group × kernel elements); the weight's dim 0 is not the batch.
            "Conv" when Dims(-1) is { } y && types.GetValueOrDefault(node.Input(1))?.Shape is { } w && w.All(d => d.IsFixed) =>
                Product(y) * Product(w.Skip(1).Select(d => d.Value!.Value)),
            // batch-major A only (a transposed A has no per-sample reading): output elements × the contracted dim.
            "Gemm" or "MatMul" when node.Int("transA", 0) == 0 && Dims(-1) is { } y && Dims(0) is { Length: > 0 } a =>
                Product(y) * a[^1],
            _ => 0,
        };
    }
}
