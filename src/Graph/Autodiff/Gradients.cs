namespace Onnxdl.Graph.Autodiff;

/// <summary>Reverse-mode automatic differentiation of an ONNX graph, emitted as standard ai.onnx ops.</summary>
public static class Gradients
{
    /// <summary>
    /// The sub-scope (<c>grad/NODE/input_grad/…</c>) of the nodes a Conv or Gemm rule emits for its input gradient, so a
    /// profile can time that product apart from the rest of the layer's backward pass.
    /// </summary>
    public const string InputGradientScope = "input_grad";

    /// <summary>The sub-scope (<c>grad/NODE/weight_grad/…</c>) of a Conv or Gemm rule's weight-gradient nodes.</summary>
    public const string WeightGradientScope = "weight_grad";

    /// <summary>
    /// Appends the backward pass of scalar <paramref name="loss"/> to <c>b.Graph</c> and returns
    /// d loss / d v for each requested value name (usually initializers or graph inputs).
    /// Only nodes on a path from a requested value to the loss are differentiated.
    /// </summary>
    /// <exception cref="ArgumentException">A requested value does not exist, or the loss does not depend on it (unless <see cref="GradientOptions.AllowUnused"/>).</exception>
    /// <exception cref="NotSupportedException">A node on the path has an op without a gradient rule.</exception>
    public static IReadOnlyDictionary<string, Var> Build(GraphBuilder b, Var loss, IReadOnlyCollection<string> wrt, GradientOptions options = default)
    {
        var graph = b.Graph;
        var names = graph.ValueNames();
        var missing = wrt.Where(w => !names.Contains(w)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Graph '{graph.Name}' has no value {Quote(missing)} to differentiate with respect to.", nameof(wrt));
        if (!names.Contains(loss.Name)) throw new ArgumentException($"Graph '{graph.Name}' has no loss value '{loss}'.", nameof(loss));

        var types = TypeInference.Infer(graph);
        var needs = ValuesNeedingGradient(graph, types, loss, wrt, options.StopGradient ?? new HashSet<string>());
        var unused = wrt.Where(w => !needs.Contains(w)).ToList();
        if (unused.Count > 0 && !options.AllowUnused)
            throw new ArgumentException(
                $"The loss '{loss}' does not depend on {Quote(unused)} (or only through stop-gradient, integer or " +
                "non-differentiable values). Pass AllowUnused to get zeros.", nameof(wrt));

        var acc = new GradientAccumulator(b);
        var forward = graph.Nodes.ToList();
        var producers = graph.Producers();
        using (b.BeginScope("grad"))
        {
            acc.Add(loss.Name, options.Seed ?? Seed(b, loss, types));
            for (var n = forward.Count - 1; n >= 0; n--)
            {
                var node = forward[n];
                if (node.Outputs.Any(acc.Has) && node.Inputs.Any(needs.Contains))
                    Differentiate(b, node, types, producers, acc, needs, options);
            }
            // A rule may give no gradient to an input (e.g. Clip's bounds); such values count as unused too.
            var noFlow = wrt.Where(w => needs.Contains(w) && acc.Total(w) is null).ToList();
            if (noFlow.Count > 0 && !options.AllowUnused)
                throw new ArgumentException(
                    $"No gradient reaches {Quote(noFlow)}: the rules on its path give none to that input. Pass AllowUnused to get zeros.", nameof(wrt));
            return wrt.Distinct().ToDictionary(w => w, w => acc.Total(w)
                ?? ZerosLike.Of(b, new Var(w), types.GetValueOrDefault(w)?.ElementType ?? ElementType.Float));
        }
    }

    private static void Differentiate(GraphBuilder b, Node node, IReadOnlyDictionary<string, TensorType> types,
        IReadOnlyDictionary<string, Node> producers, GradientAccumulator acc, HashSet<string> needs, GradientOptions options)
    {
        if (GradientRegistry.NonDifferentiable.Contains(node.OpType)) return;
        if (!GradientRegistry.Rules.TryGetValue(node.OpType, out var rule))
            throw new NotSupportedException(
                $"No gradient rule for op '{node.OpType}' (node '{node.Name}'); rules exist for: {GradientRegistry.Known}.");
        using var scope = b.BeginScope(node.Name);
        var g = new GradContext(b, node, types, producers, acc.Total, needs.Contains, options);
        var grads = rule.Rule(g);
        var outShape = node.Outputs.Count > 0 ? types.GetValueOrDefault(node.Outputs[0])?.Shape : null;
        for (var i = 0; i < Math.Min(grads.Length, node.Inputs.Count); i++)
        {
            if (grads[i] is not { } grad || !g.Needs(i)) continue;
            var input = node.Inputs[i];
            if (rule.Broadcasts) grad = Unbroadcast.To(b, grad, outShape, new Var(input), types.GetValueOrDefault(input)?.Shape);
            acc.Add(input, grad);
        }
    }

    /// <summary>
    /// Values on a differentiable path from a requested value to the loss: descendants of <paramref name="wrt"/>
    /// (not through stop-gradient, integer/bool values or non-differentiable ops) that the loss depends on.
    /// </summary>
    private static HashSet<string> ValuesNeedingGradient(OnnxGraph graph, IReadOnlyDictionary<string, TensorType> types,
        Var loss, IReadOnlyCollection<string> wrt, ISet<string> stop)
    {
        bool Flows(string v) => v.Length > 0 && !stop.Contains(v) &&
            types.GetValueOrDefault(v)?.ElementType is null or ElementType.Float or ElementType.Double or ElementType.Float16;

        var reached = wrt.Where(Flows).ToHashSet();
        foreach (var node in graph.Nodes)
            if (!GradientRegistry.NonDifferentiable.Contains(node.OpType) && node.Inputs.Any(reached.Contains))
                reached.UnionWith(node.Outputs.Where(Flows));

        var producers = graph.Producers();
        var ancestors = new HashSet<string>();
        var stack = new Stack<string>([loss.Name]);
        while (stack.TryPop(out var v))
            if (ancestors.Add(v) && producers.TryGetValue(v, out var node))
                foreach (var input in node.Inputs.Where(i => i.Length > 0)) stack.Push(input);

        reached.IntersectWith(ancestors);
        return reached;
    }

    private static Var Seed(GraphBuilder b, Var loss, IReadOnlyDictionary<string, TensorType> types)
    {
        var type = types.GetValueOrDefault(loss.Name);
        var one = type?.ElementType == ElementType.Double ? Tensor.FromDoubles("one", [1], [1.0]) : Tensor.FromFloats("one", [1], [1f]);
        return type?.Shape is { Count: 0 }
            ? b.Constant(new Tensor("one", one.ElementType, [], one.Raw))
            : b.ConstantOfShape(b.Shape(loss), one);
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
