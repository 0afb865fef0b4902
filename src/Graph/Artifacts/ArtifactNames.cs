namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// The input and output names of model.onnx, train_step.onnx, eval_step.onnx, grad_step.onnx and apply_step.onnx, which any ONNX Runtime in
/// any language can follow to run the training loop (README, "Training graphs"); their metadata keys are
/// <see cref="MetadataKeys"/>.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The batch input of model, train_step and eval_step graphs.</summary>
    public const string Input = "input";
    /// <summary>The targets input of train_step and eval_step (one-hot floats, or int64 class indices for sparse losses).</summary>
    public const string Target = "target";
    /// <summary>The learning-rate input of train_step (a float32 scalar, <see cref="Optimizers.Optimizer.LearningRateType"/>).</summary>
    public const string LearningRate = "lr";
    /// <summary>The 1-based global step number input of train_step (an int64 scalar, <see cref="Optimizers.Optimizer.StepType"/>).</summary>
    public const string Step = "step";
    /// <summary>The loss output of train_step and eval_step.</summary>
    public const string Loss = "loss";
    /// <summary>The predictions output of eval_step.</summary>
    public const string Output = "output";

    /// <summary>The output that carries <paramref name="state"/>'s value after the step.</summary>
    public static string Updated(string state) => state + UpdatedSuffix;

    /// <summary>grad_step's output (and apply_step's input) carrying the gradient of <paramref name="parameter"/>.</summary>
    public static string Gradient(string parameter) => parameter + GradientSuffix;

    /// <summary>
    /// grad_step's output (and apply_step's input) carrying the value a batch proposes for the non-trainable
    /// <paramref name="state"/> (BatchNormalization: moving·momentum + batch statistic·(1 − momentum)).
    /// </summary>
    public static string Proposed(string state) => state + ProposedSuffix;

    /// <summary>The dropout noise input of <paramref name="layer"/>.</summary>
    public static string Noise(string layer) => layer + NoiseSuffix;

    /// <summary>The suffix of an updated-state output's name (see <see cref="Updated"/>).</summary>
    public const string UpdatedSuffix = ".updated";
    /// <summary>The suffix of a gradient's name (see <see cref="Gradient"/>).</summary>
    public const string GradientSuffix = ".grad";
    /// <summary>The suffix of a proposed state's name (see <see cref="Proposed"/>).</summary>
    public const string ProposedSuffix = ".proposed";
    /// <summary>The suffix of a dropout noise input's name (see <see cref="Noise"/>).</summary>
    public const string NoiseSuffix = ".noise";
}
