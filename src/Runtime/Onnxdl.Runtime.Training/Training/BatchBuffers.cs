using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime;

/// <summary>Pinned host buffers for one batch size: what the caller fills before a step and reads after.</summary>
internal sealed class BatchBuffers : IDisposable
{
    public int Size { get; }
    public HostTensor Input { get; }
    public HostTensor? Target { get; }
    public IReadOnlyList<(string Name, HostTensor Buffer)> Noise { get; }
    public Dictionary<string, HostTensor> Outputs { get; }

    public BatchBuffers(int size, OnnxGraph graph, StepContract contract)
    {
        Size = size;
        Input = Make(graph.Inputs.Find(i => i.Name == ArtifactNames.Input)!, size);
        Target = graph.Inputs.Find(i => i.Name == ArtifactNames.Target) is { } t ? Make(t, size) : null;
        Noise = [.. contract.NoiseInputs.Select(n => (n.Name, Make(n, size)))];
        Outputs = contract.OtherOutputs.ToDictionary(o => o, o => Make(graph.Outputs.Find(v => v.Name == o)!, size));
    }

    /// <summary>A host tensor for a value whose first dim is the batch (N) and the rest static.</summary>
    private static HostTensor Make(ValueInfo info, int size)
    {
        var shape = info.Type.Shape ?? throw new OnnxFormatException($"'{info.Name}' has no shape.");
        var dims = shape.Select((d, i) => i == 0 ? size : d.Value ??
            throw new OnnxFormatException($"'{info.Name}' has a non-batch dim that is not static: {info.Type}.")).ToArray();
        return new HostTensor(info.Type.ElementType, dims);
    }

    public void Dispose()
    {
        Input.Dispose();
        Target?.Dispose();
        foreach (var (_, n) in Noise) n.Dispose();
        foreach (var o in Outputs.Values) o.Dispose();
    }
}
