using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Rewrites Conv (stride 1) → MaxPool (p×q windows with stride p×q that tile the conv output) into p·q Convs of
/// stride p×q, one per window element: Conv s = dy·q + dx runs on the input shifted by (dy, dx) and yields the
/// conv outputs at (p·i + dy, q·j + dx), element s of every window. The left fold Max(Max(z0, z1), …) is then
/// the window maximum, and its gradient (Max's goes to the first input equal to the result) reaches the first
/// maximum only, as MaxPool's does. The backward pass becomes a few elementwise nodes on the pooled size instead
/// of ArgMax, index arithmetic and a scatter on the conv-output size, the largest part of the seed CNN's
/// training step; the convolutions cost what the one did. Separate Convs measured faster than one Conv on the
/// crops stacked along the batch (no Split forward, no Concat backward). Only for inputs that need no gradient,
/// so in practice the first conv: for a second conv the crops' input gradients (four strided ConvTransposes)
/// made a two-conv CNN's step about twice as slow.
/// </summary>
internal static class PoolingByShiftedConv
{
    /// <summary>Rewrites every eligible Conv → MaxPool pair; returns how many were rewritten.</summary>
    public static int Apply(OnnxGraph graph, IReadOnlyCollection<string> trainable)
    {
        var types = TypeInference.Infer(graph);
        var fromParameters = DependentsOf(graph, trainable);
        var rewritten = 0;
        foreach (var pool in graph.Nodes.Where(n => n.OpType == "MaxPool").ToList())
        {
            var conv = graph.Nodes.Find(n => n.Outputs.Contains(pool.Inputs[0]));
            if (conv is not { OpType: "Conv" } || fromParameters.Contains(conv.Inputs[0])) continue;
            if (Plan.For(graph, conv, pool, types) is not { } plan) continue;
            Rewrite(graph, conv, pool, plan);
            rewritten++;
        }
        return rewritten;
    }

    /// <summary>The shapes a rewrite needs, when the pair qualifies.</summary>
    private sealed record Plan(long[] Window, long[] Pads, long[] Kernel, long[] Crop, TensorType Input, long Filters, long[] Pooled)
    {
        /// <summary>An NCHW type of the input's element type.</summary>
        public TensorType Typed(Dim batch, long channels, long[] spatial) =>
            new(Input.ElementType, [batch, Dim.Of(channels), Dim.Of(spatial[0]), Dim.Of(spatial[1])]);

        public static Plan? For(OnnxGraph graph, Node conv, Node pool, IReadOnlyDictionary<string, TensorType> types)
        {
            if (!IsTilingPool(pool) || !graph.OnlyFeeds(conv.Outputs[0], pool)) return null;
            if (types.GetValueOrDefault(conv.Inputs[0]) is not { Shape.Count: 4 } input || input.Shape.Skip(1).Any(d => !d.IsFixed)) return null;
            if (types.GetValueOrDefault(conv.Inputs[1]) is not { IsFullyStatic: true } weight) return null;
            var a = ConvAttrs.FromNode(conv, weight.Dims[2..]);
            if (conv.String("auto_pad", "NOTSET") != "NOTSET" || a.Group != 1 || a.Strides.Any(s => s != 1) || a.Dilations.Any(d => d != 1)) return null;
            var window = pool.Ints("kernel_shape")!;
            var convOut = new long[2];
            var crop = new long[2];
            var pooled = new long[2];
            for (var axis = 0; axis < 2; axis++)
            {
                convOut[axis] = input.Dims[axis + 2] + a.Pads[axis] + a.Pads[axis + 2] - a.KernelShape[axis] + 1;
                if (convOut[axis] <= 0 || convOut[axis] % window[axis] != 0) return null;
                pooled[axis] = convOut[axis] / window[axis];
                crop[axis] = (pooled[axis] - 1) * window[axis] + a.KernelShape[axis];
            }
            return new Plan(window, a.Pads, a.KernelShape, crop, input, weight.Dims[0], pooled);
        }

        /// <summary>2-D MaxPool, stride = window, no padding, dilation or ceil mode, and no Indices output.</summary>
        private static bool IsTilingPool(Node pool) =>
            pool.Outputs.Skip(1).All(o => o.Length == 0) &&
            pool.Ints("kernel_shape") is { Length: 2 } k && (pool.Ints("strides") ?? [1, 1]).SequenceEqual(k) &&
            (pool.Ints("pads") ?? new long[4]).All(p => p == 0) && (pool.Ints("dilations") ?? [1, 1]).All(d => d == 1) &&
            pool.Int("ceil_mode", 0) == 0 && pool.String("auto_pad", "NOTSET") == "NOTSET";
    }

    /// <summary>Replaces conv and pool by the new nodes, placed where the conv was; the pool's output name stays.</summary>
    private static void Rewrite(OnnxGraph graph, Node conv, Node pool, Plan plan)
    {
        var b = new GraphBuilder(graph);
        var firstNew = graph.Nodes.Count;
        Var pooled;
        using (b.BeginScope(pool.Name + "/shifted"))
            pooled = Build(b, conv, plan);
        var added = graph.Nodes.GetRange(firstNew, graph.Nodes.Count - firstNew);
        graph.Nodes.RemoveRange(firstNew, added.Count);
        added[^1].Outputs[0] = pool.Outputs[0];
        graph.ValueInfos.RemoveAll(v => v.Name == pooled.Name || v.Name == conv.Outputs[0]);
        var at = graph.Nodes.IndexOf(conv);
        graph.Nodes.Remove(conv);
        graph.Nodes.Remove(pool);
        graph.Nodes.InsertRange(at, added);
    }

    private static Var Build(GraphBuilder b, Node conv, Plan plan)
    {
        var x = new Var(conv.Inputs[0]);
        if (plan.Pads.Any(p => p != 0)) x = b.Op("Pad", [x, b.Constant([0, 0, plan.Pads[0], plan.Pads[1], 0, 0, plan.Pads[2], plan.Pads[3]], "pads")]);
        var (p, q) = (plan.Window[0], plan.Window[1]);
        var strided = new ConvAttrs(plan.Kernel, plan.Window, new long[4], [1, 1]);
        var bias = conv.Input(2).Length > 0 ? new Var(conv.Input(2)) : Var.None;
        var slices = new List<Var>();
        for (var dy = 0L; dy < p; dy++)
            for (var dx = 0L; dx < q; dx++)
            {
                var crop = b.Slice(x, [dy, dx], [dy + plan.Crop[0], dx + plan.Crop[1]], [2, 3]);
                b.Annotate(crop, plan.Typed(plan.Input.Shape![0], plan.Input.Dims[1], plan.Crop));
                var z = b.Conv(crop, new Var(conv.Inputs[1]), bias, strided);
                b.Annotate(z, plan.Typed(plan.Input.Shape![0], plan.Filters, plan.Pooled));
                slices.Add(z);
            }
        return slices.Skip(1).Aggregate(slices[0], (best, slice) => b.Max(best, slice));
    }

    /// <summary>Every value computed from a trainable parameter (those are the values that carry gradients).</summary>
    private static HashSet<string> DependentsOf(OnnxGraph graph, IReadOnlyCollection<string> trainable)
    {
        var dependents = new HashSet<string>(trainable);
        foreach (var node in graph.Nodes.Where(n => n.Inputs.Any(dependents.Contains)))
            dependents.UnionWith(node.Outputs.Where(o => o.Length > 0));
        return dependents;
    }
}
