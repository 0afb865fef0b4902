using System.Text.Json;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime;

/// <summary>
/// What a train_step/eval_step model expects, read from its graph and metadata_props:
/// <list type="bullet">
/// <item><c>onnxdl.state_map</c>: JSON object, updated-state output → state input it feeds next step.</item>
/// <item><c>onnxdl.noise_inputs</c>: JSON array of float inputs the runner fills with U[0,1) noise each
/// step (dropout), so randomness is a function of (seed, step) and a resumed run repeats it exactly.</item>
/// <item><c>onnxdl.gradient_map</c> (grad_step, apply_step): JSON object, gradient output → apply input; these live in a
/// <see cref="GradientBuffer"/>, neither state nor batch.</item>
/// </list>
/// Everything else: <c>input</c>, <c>target</c> (the batch), <c>lr</c> and <c>step</c> (typed as
/// <see cref="Onnxdl.Graph.Optimizers.Optimizer.LearningRateType"/> and <see cref="Onnxdl.Graph.Optimizers.Optimizer.StepType"/>),
/// state inputs (parameters, optimizer states, running statistics), and scalar outputs (loss, metrics).
/// </summary>
internal sealed record StepContract(
    IReadOnlyDictionary<string, string> StateMap,
    IReadOnlyList<string> StateInputs,
    IReadOnlyList<ValueInfo> NoiseInputs,
    IReadOnlyList<string> ScalarOutputs,
    IReadOnlyList<string> OtherOutputs,
    IReadOnlyDictionary<string, string> GradientMap)
{
    private static readonly string[] NonStateInputs =
        [ArtifactNames.Input, ArtifactNames.Target, ArtifactNames.LearningRate, ArtifactNames.Step];

    public static StepContract Of(OnnxModel model)
    {
        var stateMap = Json<Dictionary<string, string>>(model, MetadataKeys.StateMap) ?? [];
        var noiseNames = Json<string[]>(model, MetadataKeys.NoiseInputs) ?? [];
        var graph = model.Graph;
        var gradientMap = Json<Dictionary<string, string>>(model, MetadataKeys.GradientMap) ?? [];
        var reserved = new HashSet<string>(NonStateInputs.Concat(noiseNames).Concat(gradientMap.Values));
        var stateInputs = graph.Inputs.Select(i => i.Name).Where(n => !reserved.Contains(n)).ToArray();
        var noise = noiseNames.Select(n => graph.Inputs.Find(i => i.Name == n)
            ?? throw new OnnxFormatException($"{graph.Name}: noise input '{n}' is not a graph input.")).ToArray();
        foreach (var (output, input) in stateMap)
        {
            if (graph.Outputs.All(o => o.Name != output))
                throw new OnnxFormatException($"{graph.Name}: state_map names output '{output}', which the graph does not have.");
            if (!stateInputs.Contains(input))
                throw new OnnxFormatException($"{graph.Name}: state_map feeds '{output}' into '{input}', which is not a state input.");
        }
        RequireType(graph, ArtifactNames.LearningRate, Optimizer.LearningRateType);
        RequireType(graph, ArtifactNames.Step, Optimizer.StepType);
        var outputs = graph.Outputs.Where(o => !stateMap.ContainsKey(o.Name) && !gradientMap.ContainsKey(o.Name)).ToArray();
        var scalars = outputs.Where(o => o.Type.Shape is { Count: 0 }).Select(o => o.Name).ToArray();
        var others = outputs.Where(o => o.Type.Shape is not { Count: 0 }).Select(o => o.Name).ToArray();
        return new StepContract(stateMap, stateInputs, noise, scalars, others, gradientMap);
    }

    /// <summary>The schedule inputs are optional (an eval step has none) but, when present, have one type.</summary>
    private static void RequireType(OnnxGraph graph, string name, TensorType expected)
    {
        if (graph.Inputs.Find(i => i.Name == name) is { } input && !input.Type.Equals(expected))
            throw new OnnxFormatException($"{graph.Name}: input '{name}' is {input.Type}; the trainer feeds {expected}.");
    }

    private static T? Json<T>(OnnxModel model, string key) =>
        model.GetMetadata(key) is { } json ? JsonSerializer.Deserialize<T>(json) : default;
}
