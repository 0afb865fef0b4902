namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// The naming convention of train_step.onnx / eval_step.onnx, which any ONNX Runtime in any language
/// can follow to run the training loop (README, "Training graphs").
/// </summary>
public static class ArtifactNames
{
    public const string Input = "input";
    public const string Target = "target";
    public const string LearningRate = "lr";
    public const string Step = "step";
    public const string Loss = "loss";
    public const string Output = "output";

    /// <summary>metadata_props: JSON object, updated-state output → the state input it feeds next step.</summary>
    public const string StateMapKey = "onnxdl.state_map";

    /// <summary>metadata_props: JSON array of inputs to fill with U[0,1) noise each step (dropout).</summary>
    public const string NoiseInputsKey = "onnxdl.noise_inputs";

    /// <summary>metadata_props: JSON array of scalar metric outputs, loss first.</summary>
    public const string MetricsKey = "onnxdl.metrics";

    public const string OptimizerKey = "onnxdl.optimizer";
    public const string LossKey = "onnxdl.loss";

    public static string Updated(string state) => state + ".updated";
    public static string Noise(string layer) => layer + ".noise";
}
