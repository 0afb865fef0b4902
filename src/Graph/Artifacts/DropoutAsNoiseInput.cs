namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Rewrites training-mode Dropout nodes into <c>x · (noise ≥ ratio) / (1 − ratio)</c> with the noise a
/// graph input. ONNX Dropout draws from a generator whose state lives inside the session, so a resumed
/// run (a new session) would draw other masks; with noise fed per step from a counter-based source the
/// masks depend only on (seed, step), on every device and after any restart.
/// </summary>
internal static class DropoutAsNoiseInput
{
    /// <summary>Rewrites every Dropout in <paramref name="b"/>'s graph; returns the noise input names in order.</summary>
    public static IReadOnlyList<string> Apply(GraphBuilder b)
    {
        var graph = b.Graph;
        var noiseInputs = new List<string>();
        foreach (var dropout in graph.Nodes.Where(n => n.OpType == "Dropout").ToList())
        {
            var x = dropout.Inputs[0];
            var type = graph.TypeOf(x) ?? throw new InvalidOperationException(
                $"{dropout}: the type of its input '{x}' is unknown, so its noise input cannot be declared.");
            var ratio = graph.RequireInitializer(dropout.Input(1)).ToFloats()[0];
            var layer = dropout.Name.Split('/')[0];
            var noiseName = ArtifactNames.Noise(layer);

            var tail = graph.Nodes.Count;
            var noise = b.Input(noiseName, type);
            var keep = b.Cast(b.Not(b.Less(noise, b.Constant(ratio, layer + "/ratio"))), ElementType.Float);
            var y = b.Mul(new Var(x), b.Mul(keep, b.Constant(1f / (1f - ratio), layer + "/scale")));
            MoveBefore(graph, tail, dropout);
            Rename(graph, y.Name, dropout.Outputs[0]);
            graph.Nodes.Remove(dropout);
            noiseInputs.Add(noiseName);
        }
        return noiseInputs;
    }

    /// <summary>The nodes appended since <paramref name="tail"/> go where <paramref name="anchor"/> is, keeping topological order.</summary>
    private static void MoveBefore(OnnxGraph graph, int tail, Node anchor)
    {
        var added = graph.Nodes.GetRange(tail, graph.Nodes.Count - tail);
        graph.Nodes.RemoveRange(tail, added.Count);
        graph.Nodes.InsertRange(graph.Nodes.IndexOf(anchor), added);
    }

    /// <summary>The replacement's output takes the Dropout's output name, so consumers need no change.</summary>
    private static void Rename(OnnxGraph graph, string from, string to)
    {
        foreach (var node in graph.Nodes)
            for (var i = 0; i < node.Outputs.Count; i++)
                if (node.Outputs[i] == from) node.Outputs[i] = to;
    }
}
