namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// The naming convention of train_step.onnx / eval_step.onnx, which any ONNX Runtime in any language
/// can follow to run the training loop (README, "Training graphs").
/// </summary>
public static class ArtifactNames
{
    /// <summary>The batch input of model, train_step and eval_step graphs.</summary>
    public const string Input = "input";
    /// <summary>The targets input of train_step and eval_step (one-hot floats, or int64 class indices for sparse losses).</summary>
    public const string Target = "target";
    /// <summary>The learning-rate input of train_step (a float scalar).</summary>
    public const string LearningRate = "lr";
    /// <summary>The 1-based global step number input of train_step (a float scalar).</summary>
    public const string Step = "step";
    /// <summary>The loss output of train_step and eval_step.</summary>
    public const string Loss = "loss";
    /// <summary>The predictions output of eval_step.</summary>
    public const string Output = "output";

    /// <summary>metadata_props: JSON object, updated-state output → the state input it feeds next step.</summary>
    public const string StateMapKey = "onnxdl.state_map";

    /// <summary>metadata_props: JSON array of inputs to fill with U[0,1) noise each step (dropout).</summary>
    public const string NoiseInputsKey = "onnxdl.noise_inputs";

    /// <summary>metadata_props: JSON array of scalar metric outputs, loss first.</summary>
    public const string MetricsKey = "onnxdl.metrics";

    /// <summary>Metadata key of a training graph: the optimizer's configuration (JSON).</summary>
    public const string OptimizerKey = "onnxdl.optimizer";
    /// <summary>Metadata key of a training graph: the loss name.</summary>
    public const string LossKey = "onnxdl.loss";

    /// <summary>The output name that carries the new value of state input <paramref name="state"/>.</summary>
    public static string Updated(string state) => state + ".updated";
    /// <summary>The noise input of dropout layer <paramref name="layer"/>.</summary>
    public static string Noise(string layer) => layer + ".noise";
}
