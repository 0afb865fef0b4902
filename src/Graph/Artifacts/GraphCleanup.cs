namespace Onnxdl.Graph.Artifacts;

/// <summary>Drops initializers and nodes nothing consumes (left behind by rewrites), keeping files small and readable.</summary>
internal static class GraphCleanup
{
    public static void RemoveDeadCode(OnnxGraph graph)
    {
        var needed = new HashSet<string>(graph.Outputs.Select(o => o.Name));
        for (var i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            if (node.Outputs.Any(needed.Contains)) needed.UnionWith(node.Inputs.Where(n => n.Length > 0));
            else graph.Nodes.RemoveAt(i);
        }
        graph.Initializers.RemoveAll(t => !needed.Contains(t.Name));
        graph.ValueInfos.RemoveAll(v => !needed.Contains(v.Name));
    }
}
