namespace Onnxdl.Graph;

/// <summary>
/// Ops whose meaning changed across opsets, emitted so they mean the same at every opset from
/// <see cref="Layers.ExportOptions.MinOpset"/> on (checked against ONNX's operator changelog).
/// </summary>
public sealed partial class GraphBuilder
{
    /// <summary>
    /// Softmax over <paramref name="axis"/> of a rank-<paramref name="rank"/> tensor. Before opset 13 Softmax
    /// coerces its input to 2-D at the axis (normalizing over every later axis too), which equals a per-axis
    /// softmax only on the last axis; so another axis is moved last with Transpose and moved back.
    /// </summary>
    public Var Softmax(Var x, long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (Opset >= 13 || a == rank - 1) return Softmax(x, axis);
        var toLast = Enumerable.Range(0, rank).Where(i => i != a).Select(i => (long)i).Append(a).ToArray();
        var back = new long[rank];
        for (var i = 0; i < rank; i++) back[toLast[i]] = i;
        return Transpose(Softmax(Transpose(x, toLast), rank - 1), back);
    }

    /// <summary>x·w (+ bias): Gemm's C is optional only from opset 11, so before it a missing bias becomes a scalar zero.</summary>
    public Var Linear(Var x, Var w, Var bias) =>
        Gemm(x, w, bias.IsNone && Opset < 11 ? Constant(0f, "zero_bias") : bias);
}
