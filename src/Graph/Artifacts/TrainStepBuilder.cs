using System.Text.Json;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Graph.Artifacts;

/// <summary>Writes train_step.onnx: forward (training mode) → loss → gradients → optimizer update.</summary>
internal static class TrainStepBuilder
{
    public static OnnxModel Build(INetwork model, Loss loss, Optimizer optimizer, IReadOnlyList<Metric> metrics, ArtifactOptions options)
    {
        var b = new GraphBuilder("train_step", options.Opset);
        var input = b.Input(ArtifactNames.Input, model.InputType);
        var target = b.Input(ArtifactNames.Target, loss.TargetType(model.OutputType));
        var lr = b.Input(ArtifactNames.LearningRate, Optimizer.LearningRateType);
        var step = b.Input(ArtifactNames.Step, Optimizer.StepType);
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
        var stateTypes = trainable.SelectMany(p => optimizer.StateNames(p.Name).Select(s => (s, p.Type()))).ToDictionary();
        var update = optimizer.Build(b, lr, step, [.. trainable.Select(p => (p.Name, new Var(p.Name), grads[p.Name]))],
            state => b.Input(state, stateTypes[state]));

        var stateMap = new Dictionary<string, string>();
        void Emit(string state, Var value, TensorType type)
        {
            b.Output(value, type, ArtifactNames.Updated(state));
            stateMap[ArtifactNames.Updated(state)] = state;
        }
        foreach (var p in trainable) Emit(p.Name, update.Parameter(p.Name), p.Type());
        foreach (var s in update.States) Emit(s.Name, s.Value, b.Graph.TypeOf(s.Name)!);
        foreach (var (state, value) in ctx.StateUpdates) Emit(state, value, b.Graph.TypeOf(state)!);
        GraphCleanup.RemoveDeadCode(b.Graph);
        EarlyOptimizerUpdates.Apply(b.Graph, optimizer.Name + "/");

        var train = new OnnxModel(b.Graph, options.Opset)
        {
            DocString = $"{model.Name}: one training step ({loss.Name}, {optimizer.Name}). Feed each output of " +
                        $"{MetadataKeys.StateMap} back into its input for the next step.",
        };
        train.SetMetadata(MetadataKeys.StateMap, JsonSerializer.Serialize(stateMap));
        train.SetMetadata(MetadataKeys.NoiseInputs, JsonSerializer.Serialize(noiseInputs));
        train.SetMetadata(MetadataKeys.Loss, loss.Name);
        train.SetMetadata(MetadataKeys.Optimizer, optimizer.ToJson());
        return train;
    }
}
