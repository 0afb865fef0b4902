namespace Onnxdl.Graph;

/// <summary>Shape manipulation, indexing and reductions (signatures follow <see cref="Opset"/>).</summary>
public sealed partial class GraphBuilder
{
    public Var Shape(Var x) => Op("Shape", [x]);
    public Var Reshape(Var x, Var shape) => Op("Reshape", [x, shape]);
    public Var Reshape(Var x, long[] shape) => Reshape(x, Constant(shape, "shape"));
    public Var Flatten(Var x, long axis = 1) => Op("Flatten", [x], Attr.Int("axis", axis));
    public Var Transpose(Var x, params long[] perm) => Op("Transpose", [x], Attr.IntList("perm", perm));
    public Var Concat(long axis, params Var[] xs) => Op("Concat", xs, Attr.Int("axis", axis));
    public Var Expand(Var x, Var shape) => Op("Expand", [x, shape]);
    public Var Gather(Var x, Var indices, long axis = 0) => Op("Gather", [x, indices], Attr.Int("axis", axis));
    public Var GatherElements(Var x, Var indices, long axis) => Op("GatherElements", [x, indices], Attr.Int("axis", axis));
    public Var ConstantOfShape(Var shape, Tensor value) => Op("ConstantOfShape", [shape], Attr.Tensor("value", value));

    public Var Slice(Var x, long[] starts, long[] ends, long[] axes, long[]? steps = null) =>
        Op("Slice", steps is null
            ? [x, Constant(starts, "starts"), Constant(ends, "ends"), Constant(axes, "axes")]
            : [x, Constant(starts, "starts"), Constant(ends, "ends"), Constant(axes, "axes"), Constant(steps, "steps")]);

    public Var Unsqueeze(Var x, params long[] axes) => Opset >= 13
        ? Op("Unsqueeze", [x, Constant(axes, "axes")])
        : Op("Unsqueeze", [x], Attr.IntList("axes", axes));

    public Var Squeeze(Var x, params long[] axes) => Opset >= 13
        ? Op("Squeeze", [x, Constant(axes, "axes")])
        : Op("Squeeze", [x], Attr.IntList("axes", axes));

    public Var ReduceSum(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceSum", 13, x, axes, keepDims);
    public Var ReduceMean(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceMean", 18, x, axes, keepDims);
    public Var ReduceMax(Var x, long[]? axes = null, bool keepDims = true) => Reduce("ReduceMax", 18, x, axes, keepDims);

    /// <summary>ReduceSum over axes computed at run time (an int64 tensor); empty axes reduce nothing.</summary>
    public Var ReduceSumDynamic(Var x, Var axes, bool keepDims = true)
    {
        if (Opset < 13) throw new NotSupportedException($"ReduceSum with run-time axes needs opset ≥ 13, the graph targets {Opset}.");
        return Op("ReduceSum", [x, axes], Attr.Int("keepdims", keepDims ? 1 : 0), Attr.Int("noop_with_empty_axes", 1));
    }

    public Var ArgMax(Var x, long axis, bool keepDims = false) =>
        Op("ArgMax", [x], Attr.Int("axis", axis), Attr.Int("keepdims", keepDims ? 1 : 0));

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
