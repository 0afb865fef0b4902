namespace Onnx.Graph.Autodiff;

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

    /// <summary>Scatters the output gradient back to the flat positions the slice took (any starts/steps, even run-time ones).</summary>
    [Gradient("Slice")]
    private static Var?[] Slice(GradContext g)
    {
        var positions = FlatScatter.Positions(g.B, g.I(0));
        var picked = g.B.Node("Slice", [positions, .. g.Node.Inputs.Skip(1).Select(n => new Var(n))], 1, [.. g.Node.Attributes])[0];
        return [FlatScatter.Add(g, g.I(0), picked, g.GO(0), indicesAreUnique: true)];
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
