namespace Onnxdl.Graph.Autodiff;

/// <summary>Collects the gradient contributions of each value (one per consumer) and sums them once, on first read.</summary>
internal sealed class GradientAccumulator(GraphBuilder b)
{
    private readonly Dictionary<string, List<Var>> _parts = [];

    public bool Has(string value) => _parts.ContainsKey(value);

    public void Add(string value, Var grad)
    {
        if (!_parts.TryGetValue(value, out var list)) _parts[value] = list = [];
        list.Add(grad);
    }

    /// <summary>The summed gradient of <paramref name="value"/>, or null when nothing flowed into it.</summary>
    public Var? Total(string value)
    {
        if (!_parts.TryGetValue(value, out var list)) return null;
        if (list.Count > 1)
        {
            var sum = b.Sum([.. list]);
            list.Clear();
            list.Add(sum);
        }
        return list[0];
    }
}
