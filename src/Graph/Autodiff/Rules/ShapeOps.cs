namespace Onnxdl.Graph.Autodiff;

/// <summary>Layout ops: the gradient is the output gradient laid back out as the input.</summary>
internal static class ShapeOpRules
{
    [Gradient("Reshape")]
    [Gradient("Flatten")]
    [Gradient("Squeeze")]
    [Gradient("Unsqueeze")]
    private static Var?[] Reshape(GradContext g) => [ShapedLike(g, g.GO(0), g.I(0))];

    /// <summary>Reshapes to a static shape when known (a constant), else to Shape(like) at run time.</summary>
    internal static Var ShapedLike(GradContext g, Var grad, Var like) =>
        g.StaticShape(like) is { } dims ? g.B.Reshape(grad, dims) : g.B.Reshape(grad, g.B.Shape(like));

    [Gradient("Transpose")]
    private static Var?[] Transpose(GradContext g)
    {
        var perm = g.Ints("perm") ?? Enumerable.Range(0, g.Rank(g.I(0))).Reverse().Select(i => (long)i).ToArray();
        var inverse = new long[perm.Length];
        for (var i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return [g.B.Transpose(g.GO(0), inverse)];
    }

    /// <summary>Each input's gradient is its slab of the output gradient along the axis.</summary>
    [Gradient("Concat")]
    private static Var?[] Concat(GradContext g)
    {
        var axis = g.Int("axis", 0);
        var grads = new Var?[g.InputCount];
        var start = g.Ints1D(0);
        for (var i = 0; i < g.InputCount; i++)
        {
            var end = g.B.Add(start, Extent(g, g.I(i), axis));
            if (g.Needs(i)) grads[i] = g.B.Op("Slice", [g.GO(0), start, end, g.Ints1D(axis)]);
            start = end;
        }
        return grads;
    }

    /// <summary>The output gradients laid back side by side along the axis (zeros for an output that got none).</summary>
    [Gradient("Split")]
    private static Var?[] Split(GradContext g)
    {
        var parts = Enumerable.Range(0, g.Node.Outputs.Count).Select(i => g.HasGO(i) ? g.GO(i) : g.ZerosLike(g.O(i)));
        var grads = new Var?[g.InputCount];
        grads[0] = g.B.Concat(g.Int("axis", 0), [.. parts]);
        return grads;
    }

    /// <summary>An input's size along the axis as a 1-element int64 tensor (constant when static).</summary>
    private static Var Extent(GradContext g, Var x, long axis)
    {
        var dims = g.TypeOf(x)?.Shape;
        if (dims is not null && dims[TypeInference.Axis(axis, dims.Count)].Value is { } size) return g.Ints1D(size);
        return g.B.Gather(g.B.Shape(x), g.Ints1D(axis));
    }

    /// <summary>
    /// A unit-step slice with constant bounds on static axes pads the output gradient back with zeros (one dense
    /// pass); any other slice (steps, run-time bounds) scatters it to the flat positions it took.
    /// </summary>
    [Gradient("Slice")]
    private static Var?[] Slice(GradContext g)
    {
        if (PadsUndoingSlice(g) is { } pads) return [g.B.Op("Pad", [g.GO(0), g.Ints1D(pads)])];
        var positions = FlatScatter.Positions(g.B, g.I(0));
        var picked = g.B.Node("Slice", [positions, .. g.Node.Inputs.Skip(1).Select(n => new Var(n))], 1, [.. g.Node.Attributes])[0];
        return [FlatScatter.Add(g, g.I(0), picked, g.GO(0), indicesAreUnique: true)];
    }

    /// <summary>Pad's [begins…, ends…] that put a unit-step slice's output back in place, or null when not static.</summary>
    private static long[]? PadsUndoingSlice(GradContext g)
    {
        var graph = g.B.Graph;
        var (starts, ends) = (TypeInference.ConstInts(graph, g.Node.Input(1)), TypeInference.ConstInts(graph, g.Node.Input(2)));
        if (starts is null || ends is null || g.TypeOf(g.I(0))?.Shape is not { } shape) return null;
        var axes = g.Node.Input(3).Length > 0 ? TypeInference.ConstInts(graph, g.Node.Input(3)) : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        var steps = g.Node.Input(4).Length > 0 ? TypeInference.ConstInts(graph, g.Node.Input(4)) : null;
        if (axes is null || (steps is not null && steps.Any(s => s != 1))) return null;
        var pads = new long[2 * shape.Count];
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = TypeInference.Axis(axes[i], shape.Count);
            if (shape[axis].Value is not { } dim) return null;
            var (begin, end) = (Clamp(starts[i], dim), Clamp(ends[i], dim));
            if (end <= begin) return null;
            (pads[axis], pads[axis + shape.Count]) = (begin, dim - end);
        }
        return pads;
    }

    /// <summary>A slice bound as ONNX reads it for a positive step: negative counts from the end, then clamped to [0, dim].</summary>
    private static long Clamp(long bound, long dim) => Math.Clamp(bound < 0 ? bound + dim : bound, 0, dim);

    /// <summary>Constant-mode Pad with non-negative pads: the gradient is the output gradient with the padding cut off.</summary>
    [Gradient("Pad")]
    private static Var?[] Pad(GradContext g)
    {
        var rank = g.Rank(g.I(0));
        var pads = g.Ints("pads") ?? TypeInference.ConstInts(g.B.Graph, g.Node.Input(1));
        if (g.Node.String("mode", "constant") != "constant" || pads is null || pads.Any(p => p < 0) || g.Node.Input(3).Length > 0)
            throw new NotSupportedException($"Gradient of {g.Node}: only constant-mode Pad with constant, non-negative pads on every axis is supported.");
        var begins = g.Ints1D(pads[..rank]);
        var grads = new Var?[g.InputCount];
        grads[0] = g.B.Op("Slice", [g.GO(0), begins, g.B.Add(begins, g.B.Shape(g.I(0))), g.Ints1D([.. Enumerable.Range(0, rank).Select(i => (long)i)])]);
        return grads;
    }

    /// <summary>Gather wrt data: indices may repeat (embeddings), so contributions are added.</summary>
    [Gradient("Gather")]
    private static Var?[] Gather(GradContext g)
    {
        var picked = g.B.Gather(FlatScatter.Positions(g.B, g.I(0)), g.I(1), g.Int("axis", 0));
        return [FlatScatter.Add(g, g.I(0), picked, g.GO(0), indicesAreUnique: false), null];
    }

    [Gradient("GatherElements")]
    private static Var?[] GatherElements(GradContext g)
    {
        var picked = g.B.GatherElements(FlatScatter.Positions(g.B, g.I(0)), g.I(1), g.Int("axis", 0));
        return [FlatScatter.Add(g, g.I(0), picked, g.GO(0), indicesAreUnique: false), null];
    }
}
