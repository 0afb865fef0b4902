using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// A valid ONNX construct that crashes ONNX Runtime natively (the process dies, no exception) when a session is created:
/// a node of <paramref name="OpType"/> (ai.onnx) whose optional input <paramref name="Input"/> (named <paramref name="InputName"/>
/// in the operator's schema) is given as the empty name "". <paramref name="Workaround"/> tells the user what to write instead.
/// </summary>
/// <param name="OrtVersion">The ONNX Runtime version the crash was seen with.</param>
/// <param name="OpType">The operator.</param>
/// <param name="Input">The index of the optional input.</param>
/// <param name="InputName">The input's name in the operator's schema, for the message.</param>
/// <param name="Workaround">What to do instead, completing "give it …".</param>
public sealed record OrtCrashPattern(string OrtVersion, string OpType, int Input, string InputName, string Workaround)
{
    /// <summary>Whether <paramref name="node"/> has the construct.</summary>
    public bool Matches(Node node) =>
        node.OpType == OpType && node.Domain is ("" or "ai.onnx") && Input < node.Inputs.Count && node.Inputs[Input].Length == 0;

    /// <summary>The message for <paramref name="node"/>, number <paramref name="index"/> of its graph, naming it, the crash and the workaround.</summary>
    public string Describe(Node node, int index) =>
        $"{OpType} node {Label(node, index)} with an empty optional {InputName} input crashes ONNX Runtime {OrtVersion} when the session is created; " +
        $"give it {Workaround} instead.";

    /// <summary>The node's name, or for an unnamed node its position and first output.</summary>
    private static string Label(Node node, int index) =>
        node.Name.Length > 0 ? $"'{node.Name}'" : $"#{index} (unnamed, output '{node.Outputs.FirstOrDefault()}')";
}
