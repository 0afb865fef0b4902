namespace Onnxdl.Graph;

/// <summary>Shape manipulation, indexing and reductions (signatures follow <see cref="Opset"/>).</summary>
public sealed partial class GraphBuilder
{
    /// <summary>Adds <c>Shape</c>: x's shape as an int64 vector.</summary>
    public Var Shape(Var x) => Op("Shape", [x]);
    /// <summary>Adds <c>Reshape</c> to the shape held by an int64 vector.</summary>
    public Var Reshape(Var x, Var shape) => Op("Reshape", [x, shape]);
    /// <summary>Adds <c>Reshape</c> to a constant shape (0 keeps a dimension, −1 infers one).</summary>
    public Var Reshape(Var x, long[] shape) => Reshape(x, Constant(shape, "shape"));
    /// <summary>Adds <c>Flatten</c>: a 2-D tensor of the dimensions before and from <paramref name="axis"/>.</summary>
    public Var Flatten(Var x, long axis = 1) => Op("Flatten", [x], Attr.Int("axis", axis));
    /// <summary>Adds <c>Transpose</c> with permutation <paramref name="perm"/>.</summary>
    public Var Transpose(Var x, params long[] perm) => Op("Transpose", [x], Attr.IntList("perm", perm));
    /// <summary>Adds <c>Concat</c> of the inputs along <paramref name="axis"/>.</summary>
    public Var Concat(long axis, params Var[] xs) => Op("Concat", xs, Attr.Int("axis", axis));
    /// <summary>
    /// Adds constant-mode <c>Pad</c> with zeros: <paramref name="pads"/> = [x1_begin, x2_begin, …, x1_end, x2_end, …]
    /// (an input from opset 11, an attribute before).
    /// </summary>
    public Var Pad(Var x, long[] pads) => Opset >= 11
        ? Op("Pad", [x, Constant(pads, "pads")])
        : Op("Pad", [x], Attr.IntList("pads", pads));
    /// <summary>Adds <c>Expand</c>: x broadcast to the shape held by an int64 vector.</summary>
    public Var Expand(Var x, Var shape) => Op("Expand", [x, shape]);
    /// <summary>Adds <c>Gather</c>: the slices of x at <paramref name="indices"/> along <paramref name="axis"/>.</summary>
    public Var Gather(Var x, Var indices, long axis = 0) => Op("Gather", [x, indices], Attr.Int("axis", axis));
    /// <summary>Adds <c>GatherElements</c>: x's elements at <paramref name="indices"/> (same rank) along <paramref name="axis"/>.</summary>
    public Var GatherElements(Var x, Var indices, long axis) => Op("GatherElements", [x, indices], Attr.Int("axis", axis));
    /// <summary>Adds <c>ConstantOfShape</c>: a tensor of the given shape filled with the one-element <paramref name="value"/>.</summary>
    public Var ConstantOfShape(Var shape, Tensor value) => Op("ConstantOfShape", [shape], Attr.Tensor("value", value));

    /// <summary>Adds <c>Slice</c> with constant starts, ends, axes and optional steps (written as inputs or attributes as the opset needs).</summary>
    public Var Slice(Var x, long[] starts, long[] ends, long[] axes, long[]? steps = null) =>
        Op("Slice", steps is null
            ? [x, Constant(starts, "starts"), Constant(ends, "ends"), Constant(axes, "axes")]
            : [x, Constant(starts, "starts"), Constant(ends, "ends"), Constant(axes, "axes"), Constant(steps, "steps")]);

    /// <summary>Adds <c>Unsqueeze</c> of <paramref name="axes"/> (an input from opset 13, an attribute before).</summary>
    public Var Unsqueeze(Var x, params long[] axes) => Opset >= 13
        ? Op("Unsqueeze", [x, Constant(axes, "axes")])
        : Op("Unsqueeze", [x], Attr.IntList("axes", axes));

    /// <summary>Adds <c>Squeeze</c> of <paramref name="axes"/> (an input from opset 13, an attribute before).</summary>
    public Var Squeeze(Var x, params long[] axes) => Opset >= 13
        ? Op("Squeeze", [x, Constant(axes, "axes")])
        : Op("Squeeze", [x], Attr.IntList("axes", axes));

    /// <summary>Adds <c>ReduceSum</c> over <paramref name="axes"/> (all when null).</summary>
    public Var ReduceSum(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceSum", 13, x, axes, keepDims);
    /// <summary>Adds <c>ReduceMean</c> over <paramref name="axes"/> (all when null).</summary>
    public Var ReduceMean(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceMean", 18, x, axes, keepDims);
    /// <summary>Adds <c>ReduceMax</c> over <paramref name="axes"/> (all when null).</summary>
    public Var ReduceMax(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceMax", 18, x, axes, keepDims);

    /// <summary>ReduceSum over axes computed at run time (an int64 tensor); empty axes reduce nothing.</summary>
    public Var ReduceSumDynamic(Var x, Var axes, bool keepDims = true)
    {
        if (Opset < 13) throw new NotSupportedException($"ReduceSum with run-time axes needs opset ≥ 13, the graph targets {Opset}.");
        return Op("ReduceSum", [x, axes], Attr.Int("keepdims", keepDims ? 1 : 0), Attr.Int("noop_with_empty_axes", 1));
    }

    /// <summary>Adds <c>ArgMax</c> along <paramref name="axis"/>: int64 indices.</summary>
    public Var ArgMax(Var x, long axis, bool keepDims = false) =>
        Op("ArgMax", [x], Attr.Int("axis", axis), Attr.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Adds <c>OneHot</c>: <paramref name="depth"/> classes, <paramref name="values"/> = [off, on].</summary>
    public Var OneHot(Var indices, Var depth, Var values, long axis = -1) =>
        Op("OneHot", [indices, depth, values], Attr.Int("axis", axis));

    /// <summary>Reductions take axes as an input from <paramref name="axesInputSince"/>, as an attribute before.</summary>
    private Var Reduce(string op, long axesInputSince, Var x, long[]? axes, bool keepDims)
    {
        var keep = Attr.Int("keepdims", keepDims ? 1 : 0);
        if (axes is null) return Op(op, [x], keep);
        return Opset >= axesInputSince
            ? Op(op, [x, Constant(axes, "axes")], keep)
            : Op(op, [x], keep, Attr.IntList("axes", axes));
    }
}
