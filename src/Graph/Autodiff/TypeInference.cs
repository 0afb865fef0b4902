namespace Onnxdl.Graph.Autodiff;

/// <summary>
/// A light forward inference of element types and shapes (symbolic dims kept), enough for the autodiff
/// to choose static lowerings (un-broadcast axes, ConvTranspose output padding). Declared types
/// (inputs, value_info, initializers) win; an op it does not know yields an unknown shape.
/// </summary>
internal static class TypeInference
{
    public static Dictionary<string, TensorType> Infer(OnnxGraph graph)
    {
        var types = new Dictionary<string, TensorType>();
        foreach (var t in graph.Initializers) types[t.Name] = new TensorType(t.ElementType, t.Dims.Select(Dim.Of).ToArray());
        foreach (var v in graph.Inputs.Concat(graph.ValueInfos).Concat(graph.Outputs)) types[v.Name] = v.Type;
        foreach (var node in graph.Nodes)
        {
            var ins = node.Inputs.Select(n => n.Length > 0 && types.TryGetValue(n, out var t) ? t : null).ToArray();
            for (var i = 0; i < node.Outputs.Count; i++)
            {
                var name = node.Outputs[i];
                if (name.Length == 0) continue;
                var inferred = OutputType(graph, node, i, ins);
                // A declared type may lack a shape the inference knows; keep the richer one.
                if (!types.TryGetValue(name, out var declared) || (declared.Shape is null && inferred?.Shape is not null))
                    if (inferred is not null) types[name] = inferred;
            }
        }
        return types;
    }

    private static TensorType? OutputType(OnnxGraph graph, Node node, int output, TensorType?[] ins)
    {
        var elem = ElementOf(node, output, ins);
        if (elem is null) return null;
        return new TensorType(elem.Value, ShapeOf(graph, node, output, ins));
    }

    private static ElementType? ElementOf(Node node, int output, TensorType?[] ins) => node.OpType switch
    {
        "Shape" or "Size" or "ArgMax" or "ArgMin" or "NonZero" => ElementType.Int64,
        "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "Not" or "And" or "Or" or "Xor"
            or "IsNaN" or "IsInf" => ElementType.Bool,
        "Cast" => (ElementType)node.Int("to", 0),
        "MaxPool" when output == 1 => ElementType.Int64,
        "Dropout" when output == 1 => ElementType.Bool,
        "TopK" when output == 1 => ElementType.Int64,
        "ConstantOfShape" => node.Attribute("value")?.T?.ElementType ?? ElementType.Float,
        "Constant" => node.Attribute("value")?.T?.ElementType,
        "Where" => ins.ElementAtOrDefault(1)?.ElementType,
        "OneHot" => ins.ElementAtOrDefault(2)?.ElementType,
        "CastLike" => ins.ElementAtOrDefault(1)?.ElementType,
        _ => ins.FirstOrDefault(t => t is not null)?.ElementType,
    };

    private static IReadOnlyList<Dim>? ShapeOf(OnnxGraph graph, Node node, int output, TensorType?[] ins)
    {
        var x = ins.ElementAtOrDefault(0)?.Shape;
        switch (node.OpType)
        {
            case "Relu" or "LeakyRelu" or "Sigmoid" or "Tanh" or "Exp" or "Log" or "Sqrt" or "Neg" or "Abs" or "Reciprocal"
                or "Softmax" or "LogSoftmax" or "Identity" or "Cast" or "CastLike" or "Clip" or "Dropout" or "Erf" or "Sign"
                or "Floor" or "Ceil" or "Round" or "Not" or "IsNaN" or "IsInf":
                return x;
            case "BatchNormalization":
                return output == 0 ? x : null;
            case "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Max" or "Min" or "Sum" or "Mean" or "Where" or "Equal"
                or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "And" or "Or" or "Xor":
                return Broadcast(ins.Select(t => t?.Shape).ToArray());
            case "Expand":
                return ConstInts(graph, node.Input(1)) is { } target ? Broadcast([x, target.Select(Dim.Of).ToArray()]) : null;
            case "MatMul":
                return MatMul(x, ins.ElementAtOrDefault(1)?.Shape);
            case "Gemm":
            {
                var b = ins.ElementAtOrDefault(1)?.Shape;
                if (x is not { Count: 2 } || b is not { Count: 2 }) return null;
                return [x[node.Int("transA", 0) == 1 ? 1 : 0], b[node.Int("transB", 0) == 1 ? 0 : 1]];
            }
            case "Conv":
            {
                var w = ins.ElementAtOrDefault(1)?.Shape;
                if (x is null || w is null || !node.String("auto_pad", "NOTSET").Equals("NOTSET")) return null;
                var a = ConvAttrs.FromNode(node, [.. w.Skip(2).Select(d => d.Value ?? 0)]);
                return [x[0], w[0], .. Spatial(x, a.KernelShape, a.Strides, a.Pads, a.Dilations, false)];
            }
            case "MaxPool" or "AveragePool":
            {
                if (x is null || !node.String("auto_pad", "NOTSET").Equals("NOTSET")) return null;
                var a = PoolAttrs.FromNode(node);
                var dil = node.Ints("dilations") ?? Enumerable.Repeat(1L, a.KernelShape.Length).ToArray();
                return [x[0], x[1], .. Spatial(x, a.KernelShape, a.Strides, a.Pads, dil, node.Int("ceil_mode", 0) == 1)];
            }
            case "GlobalAveragePool" or "GlobalMaxPool":
                return x is null ? null : [x[0], x[1], .. Enumerable.Repeat(Dim.Of(1), x.Count - 2)];
            case "Flatten":
            {
                if (x is null) return null;
                var axis = (int)node.Int("axis", 1);
                if (axis < 0) axis += x.Count;
                return [Product(x.Take(axis)), Product(x.Skip(axis))];
            }
            case "Reshape":
                return Reshape(x, ConstInts(graph, node.Input(1)));
            case "Transpose":
            {
                if (x is null) return null;
                var perm = node.Ints("perm") ?? Enumerable.Range(0, x.Count).Reverse().Select(i => (long)i).ToArray();
                return perm.Select(p => x[(int)p]).ToArray();
            }
            case "Concat":
            {
                if (ins.Any(t => t?.Shape is null) || x is null) return null;
                var axis = Axis(node.Int("axis", 0), x.Count);
                var dims = x.ToArray();
                dims[axis] = ins.All(t => t!.Shape![axis].IsFixed) ? Dim.Of(ins.Sum(t => t!.Shape![axis].Value!.Value)) : Dim.Unknown;
                return dims;
            }
            case "ReduceSum" or "ReduceMean" or "ReduceMax" or "ReduceMin" or "ReduceProd" or "ReduceL2" or "ReduceLogSumExp":
            {
                if (x is null) return null;
                var axes = node.Ints("axes") ?? (node.Input(1).Length > 0 ? ConstInts(graph, node.Input(1)) : []);
                if (axes is null) return null;
                var keep = node.Int("keepdims", 1) == 1;
                var all = axes.Length == 0 && node.Int("noop_with_empty_axes", 0) == 0;
                if (axes.Length == 0 && !all) return x;
                var set = all ? Enumerable.Range(0, x.Count).ToHashSet() : axes.Select(a => Axis(a, x.Count)).ToHashSet();
                return x.Select((d, i) => (d, i)).Where(p => keep || !set.Contains(p.i)).Select(p => set.Contains(p.i) ? Dim.Of(1) : p.d).ToArray();
            }
            case "Unsqueeze":
            {
                var axes = node.Ints("axes") ?? ConstInts(graph, node.Input(1));
                if (x is null || axes is null) return null;
                var rank = x.Count + axes.Length;
                var set = axes.Select(a => Axis(a, rank)).ToHashSet();
                var src = 0;
                return Enumerable.Range(0, rank).Select(i => set.Contains(i) ? Dim.Of(1) : x[src++]).ToArray();
            }
            case "Squeeze":
            {
                var axes = node.Ints("axes") ?? ConstInts(graph, node.Input(1));
                if (x is null || axes is null) return null;
                var set = axes.Select(a => Axis(a, x.Count)).ToHashSet();
                return x.Where((_, i) => !set.Contains(i)).ToArray();
            }
            case "Shape":
                return x is null ? null : [Dim.Of(x.Count)];
            case "Size":
                return [];
            case "GatherElements":
                return ins.ElementAtOrDefault(1)?.Shape;
            case "Gather":
            {
                var idx = ins.ElementAtOrDefault(1)?.Shape;
                if (x is null || idx is null) return null;
                var axis = Axis(node.Int("axis", 0), x.Count);
                return [.. x.Take(axis), .. idx, .. x.Skip(axis + 1)];
            }
            case "Split":
            {
                if (x is null) return null;
                var axis = Axis(node.Int("axis", 0), x.Count);
                var sizes = node.Ints("split") ?? ConstInts(graph, node.Input(1));
                var dims = x.ToArray();
                dims[axis] = sizes is not null ? Dim.Of(sizes[output])
                    : x[axis].Value is { } total && total % node.Outputs.Count == 0 ? Dim.Of(total / node.Outputs.Count) : Dim.Unknown;
                return dims;
            }
            case "Slice":
                return x?.Select(_ => Dim.Unknown).ToArray();
            default:
                return null;
        }
    }

    internal static int Axis(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);

    /// <summary>The value of a constant int64 input (an initializer or a Constant node), else null.</summary>
    internal static long[]? ConstInts(OnnxGraph graph, string name)
    {
        if (name.Length == 0) return null;
        var t = graph.Initializer(name) ?? graph.Nodes.Find(n => n.OpType == "Constant" && n.Outputs[0] == name)?.Attribute("value")?.T;
        return t is { ElementType: ElementType.Int64 } ? t.ToInt64s() : null;
    }

    /// <summary>The value of a constant bool scalar (an initializer or a Constant node), else null.</summary>
    internal static bool? ConstBool(OnnxGraph graph, string name)
    {
        var t = graph.Initializer(name) ?? graph.Nodes.Find(n => n.OpType == "Constant" && n.Outputs[0] == name)?.Attribute("value")?.T;
        return t is { ElementType: ElementType.Bool, Raw.Length: 1 } ? t.Raw[0] != 0 : null;
    }

    /// <summary>Multidirectional (numpy) broadcasting; a dim is unknown when it cannot be decided statically.</summary>
    internal static IReadOnlyList<Dim>? Broadcast(IReadOnlyList<Dim>?[] shapes)
    {
        if (shapes.Length == 0 || shapes.Any(s => s is null)) return null;
        var rank = shapes.Max(s => s!.Count);
        var result = new Dim[rank];
        for (var i = 0; i < rank; i++)
        {
            var dims = shapes.Select(s => i - (rank - s!.Count)).Zip(shapes, (j, s) => j >= 0 ? s![j] : Dim.Of(1))
                .Where(d => d.Value != 1).Distinct().ToArray();
            result[i] = dims.Length switch { 0 => Dim.Of(1), 1 => dims[0], _ => dims.FirstOrDefault(d => d.IsFixed, Dim.Unknown) };
        }
        return result;
    }

    private static IReadOnlyList<Dim>? MatMul(IReadOnlyList<Dim>? a, IReadOnlyList<Dim>? b)
    {
        if (a is null || b is null || a.Count < 2 || b.Count < 2) return null;
        var batch = Broadcast([a.Take(a.Count - 2).ToArray(), b.Take(b.Count - 2).ToArray()]);
        return [.. batch!, a[^2], b[^1]];
    }

    private static IEnumerable<Dim> Spatial(IReadOnlyList<Dim> x, long[] kernel, long[] strides, long[] pads, long[] dilations, bool ceil)
    {
        var r = kernel.Length;
        for (var i = 0; i < r; i++)
        {
            if (x[2 + i].Value is not { } size) { yield return Dim.Unknown; continue; }
            var span = (kernel[i] - 1) * dilations[i] + 1;
            var room = size + pads[i] + pads[i + r] - span;
            yield return Dim.Of((ceil ? (room + strides[i] - 1) / strides[i] : room / strides[i]) + 1);
        }
    }

    private static Dim Product(IEnumerable<Dim> dims)
    {
        var list = dims.ToList();
        if (list.Count == 1) return list[0];
        return list.All(d => d.IsFixed) ? Dim.Of(list.Aggregate(1L, (p, d) => p * d.Value!.Value)) : Dim.Unknown;
    }

    private static IReadOnlyList<Dim>? Reshape(IReadOnlyList<Dim>? x, long[]? target)
    {
        if (target is null) return null;
        var dims = target.Select((t, i) => t switch
        {
            0 => x is not null && i < x.Count ? x[i] : Dim.Unknown,
            -1 => Dim.Unknown,
            _ => Dim.Of(t),
        }).ToArray();
        var inferIndex = Array.IndexOf(target, -1L);
        if (inferIndex >= 0 && x is not null && x.All(d => d.IsFixed) && dims.Where((_, i) => i != inferIndex).All(d => d.IsFixed))
        {
            var total = x.Aggregate(1L, (p, d) => p * d.Value!.Value);
            var rest = dims.Where((_, i) => i != inferIndex).Aggregate(1L, (p, d) => p * d.Value!.Value);
            dims[inferIndex] = Dim.Of(rest == 0 ? 0 : total / rest);
        }
        return dims;
    }
}
