using System.Text.Json;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Metrics;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// How training artifacts are generated. Defaults: opset 17, CPU lowering, seed 0, tuned for batch 32
/// (<see cref="GradientOptions.BatchSize"/>: the train step still runs any batch).
/// </summary>
public readonly record struct ArtifactOptions(long Opset = OnnxModel.DefaultOpset, GradientTarget Target = GradientTarget.Cpu, long Seed = 0,
    int? BatchSize = null)
{
    /// <summary>Options for the default opset (<see cref="OnnxModel.DefaultOpset"/>).</summary>
    public ArtifactOptions() : this(OnnxModel.DefaultOpset) { }
}

/// <summary>
/// The training artifacts of a model: <c>train_step.onnx</c> (forward, loss, backward, optimizer update), its halves
/// <c>grad_step.onnx</c> and <c>apply_step.onnx</c> (for gradient accumulation and data parallelism),
/// <c>eval_step.onnx</c> (forward in inference mode, loss, metrics, predictions) and the initial state
/// (parameters from the model, optimizer states at zero). Parameter inputs carry the initializer names
/// of <c>model.onnx</c>, so <c>model.onnx</c> + <c>train_step.onnx</c> are enough to train anywhere.
/// </summary>
public sealed class TrainingArtifacts
{
    /// <summary>The training step: forward, loss, backward and optimizer update.</summary>
    public required OnnxModel TrainStep { get; init; }
    /// <summary>The evaluation step: forward in inference mode, loss, metrics and predictions.</summary>
    public required OnnxModel EvalStep { get; init; }

    /// <summary>The first half of the training step, for gradient accumulation and data parallelism: loss, metrics and gradients.</summary>
    public OnnxModel GradStep => _split.Value.Grad;
    /// <summary>The second half of the training step: the optimizer update from (averaged) gradients.</summary>
    public OnnxModel ApplyStep => _split.Value.Apply;

    /// <summary>grad_step and apply_step, built on first use: most runs only need the fused train step.</summary>
    private Lazy<(OnnxModel Grad, OnnxModel Apply)> _split = null!;

    /// <summary>Every state input of the train step with its starting value.</summary>
    public required IReadOnlyDictionary<string, Tensor> InitialState { get; init; }

    /// <summary>Scalar outputs of both steps: loss first, then metrics.</summary>
    public required IReadOnlyList<string> MetricNames { get; init; }

    /// <summary>Builds the train and eval step graphs of a built network for a loss, an optimizer and metrics; throws naming the op when a node has no gradient rule.</summary>
    public static TrainingArtifacts Build(INetwork model, Loss loss, Optimizer optimizer, IReadOnlyList<Metric> metrics,
        ArtifactOptions options = default)
    {
        options = options == default ? new ArtifactOptions() : options;
        if (!model.IsBuilt) throw new InvalidOperationException($"Model '{model.Name}' has no parameters yet; call Build(seed) first.");
        var names = MetricNamesOf(metrics);
        var train = TrainStepBuilder.Build(model, loss, optimizer, metrics, options);
        var eval = BuildEvalStep(model, loss, metrics, options);
        var initial = new Dictionary<string, Tensor>(model.Parameters);
        foreach (var p in model.ParameterInfos.Where(p => p.Trainable))
            foreach (var state in optimizer.StateNames(p.Name))
                initial[state] = Tensor.FromFloats(state, p.Shape, new float[p.Count]);
        foreach (var m in new[] { train, eval }) m.SetMetadata(MetadataKeys.Metrics, JsonSerializer.Serialize(names));
        return new TrainingArtifacts
        {
            TrainStep = train, EvalStep = eval, InitialState = initial, MetricNames = names,
            _split = new(() =>
            {
                var (grad, apply) = TrainStepBuilder.BuildSplit(model, loss, optimizer, metrics, options);
                grad.SetMetadata(MetadataKeys.Metrics, JsonSerializer.Serialize(names));
                return (grad, apply);
            }),
        };
    }

    /// <summary>Writes train_step.onnx, eval_step.onnx, grad_step.onnx and apply_step.onnx into <paramref name="directory"/> (created when missing).</summary>
    public void Save(string directory)
    {
        ModelSerializer.Save(TrainStep, Path.Combine(directory, "train_step.onnx"));
        ModelSerializer.Save(EvalStep, Path.Combine(directory, "eval_step.onnx"));
        ModelSerializer.Save(GradStep, Path.Combine(directory, "grad_step.onnx"));
        ModelSerializer.Save(ApplyStep, Path.Combine(directory, "apply_step.onnx"));
    }

    private static string[] MetricNamesOf(IReadOnlyList<Metric> metrics)
    {
        var names = new[] { ArtifactNames.Loss }.Concat(metrics.Select(m => m.Name)).ToArray();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Metric name '{duplicate.Key}' is used twice.");
        return names;
    }

    /// <summary>Inference-mode forward (no dropout, running statistics) plus loss, metrics and predictions.</summary>
    private static OnnxModel BuildEvalStep(INetwork model, Loss loss, IReadOnlyList<Metric> metrics, ArtifactOptions options)
    {
        var b = new GraphBuilder("eval_step", options.Opset);
        var input = b.Input(ArtifactNames.Input, model.InputType);
        foreach (var p in model.ParameterInfos) b.Input(p.Name, p.Type());
        var ctx = new LayerContext(b, training: false, name => new Var(name), options.Seed);
        var prediction = model.Forward(ctx, input);
        var target = b.Input(ArtifactNames.Target, loss.TargetType(model.OutputType));
        b.Output(loss.Build(b, prediction, target), TensorType.Float(), ArtifactNames.Loss);
        foreach (var metric in metrics) b.Output(metric.Build(b, prediction, target), TensorType.Float(), metric.Name);
        b.Output(prediction, model.OutputType, ArtifactNames.Output);
        GraphCleanup.RemoveDeadCode(b.Graph);
        var eval = new OnnxModel(b.Graph, options.Opset) { DocString = $"{model.Name}: loss, metrics and predictions in inference mode." };
        eval.SetMetadata(MetadataKeys.Loss, loss.Name);
        return eval;
    }
}
