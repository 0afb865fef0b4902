namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// The input and output names of model.onnx, train_step.onnx and eval_step.onnx, which any ONNX Runtime in
/// any language can follow to run the training loop (README, "Training graphs"); their metadata keys are
/// <see cref="MetadataKeys"/>.
/// </summary>
public static class ArtifactNames
{
    public const string Input = "input";
    public const string Target = "target";
    public const string LearningRate = "lr";
    public const string Step = "step";
    public const string Loss = "loss";
    public const string Output = "output";

    /// <summary>The output that carries <paramref name="state"/>'s value after the step.</summary>
    public static string Updated(string state) => state + UpdatedSuffix;

    /// <summary>The dropout noise input of <paramref name="layer"/>.</summary>
    public static string Noise(string layer) => layer + NoiseSuffix;

    public const string UpdatedSuffix = ".updated";
    public const string NoiseSuffix = ".noise";
}
