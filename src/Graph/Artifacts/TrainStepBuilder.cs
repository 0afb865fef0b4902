using System.Text.Json;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// Writes train_step.onnx (forward in training mode → loss → gradients → optimizer update) and its two halves:
/// grad_step.onnx (everything up to the gradients) and apply_step.onnx (the update from given gradients), so
/// gradients can be summed over micro-batches or all-reduced over processes in between. All three are built
/// from the same two pieces (<see cref="BuildGradients"/>, <see cref="BuildUpdate"/>), so they cannot drift apart.
/// </summary>
internal static class TrainStepBuilder
{
    /// <summary>What the gradient half leaves for the update half.</summary>
    private sealed record GradientHalf(ParameterInfo[] Trainable, IReadOnlyDictionary<string, Var> Gradients,
        IReadOnlyDictionary<string, Var> StateProposals, IReadOnlyList<string> NoiseInputs, (Var Lr, Var Step) Schedule);

    public static OnnxModel Build(INetwork model, Loss loss, Optimizer optimizer, IReadOnlyList<Metric> metrics, ArtifactOptions options)
    {
        var b = new GraphBuilder("train_step", options.Opset);
        var half = BuildGradients(b, model, loss, metrics, options, withSchedule: true);
        var stateMap = BuildUpdate(b, optimizer, half.Schedule, half.Trainable, half.Gradients, half.StateProposals);
        GraphCleanup.RemoveDeadCode(b.Graph);
        EarlyOptimizerUpdates.Apply(b.Graph, optimizer.Name + "/");
        return Step(b, $"{model.Name}: one training step ({loss.Name}, {optimizer.Name}). Feed each output of " +
            $"{MetadataKeys.StateMap} back into its input for the next step.", stateMap, half.NoiseInputs, loss, optimizer);
    }

    /// <summary>
    /// grad_step (batch, parameters [, noise] → loss, metrics, <c>{param}.grad</c>, <c>{state}.proposed</c>) and
    /// apply_step (lr, step, parameters, optimizer states, those outputs averaged → updated parameters and states).
    /// </summary>
    public static (OnnxModel Grad, OnnxModel Apply) BuildSplit(INetwork model, Loss loss, Optimizer optimizer, IReadOnlyList<Metric> metrics,
        ArtifactOptions options)
    {
        var g = new GraphBuilder("grad_step", options.Opset);
        var half = BuildGradients(g, model, loss, metrics, options, withSchedule: false);
        foreach (var p in half.Trainable) g.Output(half.Gradients[p.Name], p.Type(), ArtifactNames.Gradient(p.Name));
        var stateTypes = half.StateProposals.Keys.ToDictionary(s => s, s => g.Graph.TypeOf(s)!);
        foreach (var (state, value) in half.StateProposals) g.Output(value, stateTypes[state], ArtifactNames.Proposed(state));
        GraphCleanup.RemoveDeadCode(g.Graph);
        var grad = Step(g, $"{model.Name}: loss, metrics and gradients of one (micro-)batch ({loss.Name}). Average the outputs in " +
            $"{MetadataKeys.GradientMap} over batches and processes, weighted by their samples, and feed them to apply_step.", [], half.NoiseInputs, loss, optimizer);
        var apply = BuildApply(model, loss, optimizer, options, half.Trainable, stateTypes);
        var gradientMap = half.Trainable.Select(p => ArtifactNames.Gradient(p.Name))
            .Concat(stateTypes.Keys.Select(ArtifactNames.Proposed)).ToDictionary(n => n, n => n);
        foreach (var m in new[] { grad, apply }) m.SetMetadata(MetadataKeys.GradientMap, JsonSerializer.Serialize(gradientMap));
        return (grad, apply);
    }

    /// <summary>apply_step: the update half, reading gradients and proposed states as inputs.</summary>
    private static OnnxModel BuildApply(INetwork model, Loss loss, Optimizer optimizer, ArtifactOptions options, ParameterInfo[] trainable,
        Dictionary<string, TensorType> proposedStates)
    {
        var a = new GraphBuilder("apply_step", options.Opset);
        var schedule = (a.Input(ArtifactNames.LearningRate, Optimizer.LearningRateType), a.Input(ArtifactNames.Step, Optimizer.StepType));
        foreach (var p in trainable) a.Input(p.Name, p.Type());
        var gradients = trainable.ToDictionary(p => p.Name, p => a.Input(ArtifactNames.Gradient(p.Name), p.Type()));
        var proposals = new Dictionary<string, Var>();
        foreach (var (state, type) in proposedStates)
        {
            a.Input(state, type); // unread, but the state map feeds it: apply_step carries every state it updates
            proposals[state] = a.Identity(a.Input(ArtifactNames.Proposed(state), type));
        }
        var stateMap = BuildUpdate(a, optimizer, schedule, trainable, gradients, proposals);
        GraphCleanup.RemoveDeadCode(a.Graph);
        return Step(a, $"{model.Name}: the optimizer update ({optimizer.Name}) from averaged grad_step outputs. Feed each output of " +
            $"{MetadataKeys.StateMap} back into its input for the next step.", stateMap, [], loss, optimizer);
    }

    /// <summary>
    /// Declares the batch, [the schedule,] the parameters; builds forward, loss, metrics and gradients. BatchNormalization's
    /// state updates are linear in the batch statistics, so averaging them over batches averages the statistics.
    /// </summary>
    private static GradientHalf BuildGradients(GraphBuilder b, INetwork model, Loss loss, IReadOnlyList<Metric> metrics, ArtifactOptions options,
        bool withSchedule)
    {
        var input = b.Input(ArtifactNames.Input, model.InputType);
        var target = b.Input(ArtifactNames.Target, loss.TargetType(model.OutputType));
        var schedule = withSchedule ? (b.Input(ArtifactNames.LearningRate, Optimizer.LearningRateType), b.Input(ArtifactNames.Step, Optimizer.StepType)) : default;
        foreach (var p in model.ParameterInfos) b.Input(p.Name, p.Type());

        var trainable = model.ParameterInfos.Where(p => p.Trainable).ToArray();
        string[] trainableNames = [.. trainable.Select(p => p.Name)];
        var ctx = new LayerContext(b, training: true, name => new Var(name), options.Seed);
        var prediction = model.Forward(ctx, input);
        var noiseInputs = DropoutAsNoiseInput.Apply(b);
        MaxPoolBeforeRelu.Apply(b.Graph);
        PoolingByShiftedConv.Apply(b.Graph, trainableNames);
        var lossValue = b.Output(loss.Build(b, prediction, target), TensorType.Float(), ArtifactNames.Loss);
        foreach (var metric in metrics) b.Output(metric.Build(b, prediction, target), TensorType.Float(), metric.Name);
        var grads = Gradients.Build(b, lossValue, trainableNames, new GradientOptions { Target = options.Target, BatchSize = options.BatchSize });
        return new GradientHalf(trainable, grads, ctx.StateUpdates, noiseInputs, schedule);
    }

    /// <summary>Appends the optimizer update and the state outputs; returns the state map (updated output → state input).</summary>
    private static Dictionary<string, string> BuildUpdate(GraphBuilder b, Optimizer optimizer, (Var Lr, Var Step) schedule, ParameterInfo[] trainable,
        IReadOnlyDictionary<string, Var> gradients, IReadOnlyDictionary<string, Var> stateUpdates)
    {
        var stateTypes = trainable.SelectMany(p => optimizer.StateNames(p.Name).Select(s => (s, p.Type()))).ToDictionary();
        var update = optimizer.Build(b, schedule.Lr, schedule.Step, [.. trainable.Select(p => (p.Name, new Var(p.Name), gradients[p.Name]))],
            state => b.Input(state, stateTypes[state]));
        var stateMap = new Dictionary<string, string>();
        void Emit(string state, Var value, TensorType type)
        {
            b.Output(value, type, ArtifactNames.Updated(state));
            stateMap[ArtifactNames.Updated(state)] = state;
        }
        foreach (var p in trainable) Emit(p.Name, update.Parameter(p.Name), p.Type());
        foreach (var s in update.States) Emit(s.Name, s.Value, b.Graph.TypeOf(s.Name)!);
        foreach (var (state, value) in stateUpdates) Emit(state, value, b.Graph.TypeOf(state)!);
        return stateMap;
    }

    private static OnnxModel Step(GraphBuilder b, string doc, Dictionary<string, string> stateMap, IReadOnlyList<string> noiseInputs, Loss loss, Optimizer optimizer)
    {
        var step = new OnnxModel(b.Graph, b.Opset) { DocString = doc };
        step.SetMetadata(MetadataKeys.StateMap, JsonSerializer.Serialize(stateMap));
        step.SetMetadata(MetadataKeys.NoiseInputs, JsonSerializer.Serialize(noiseInputs));
        step.SetMetadata(MetadataKeys.Loss, loss.Name);
        step.SetMetadata(MetadataKeys.Optimizer, optimizer.ToJson());
        return step;
    }
}
