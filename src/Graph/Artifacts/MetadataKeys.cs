namespace Onnxdl.Graph.Artifacts;

/// <summary>
/// The metadata_props keys onnxdl writes into its .onnx files, for every writer and reader (model.onnx,
/// train_step.onnx, eval_step.onnx, grad_step.onnx, apply_step.onnx). Values are JSON unless said otherwise.
/// </summary>
public static class MetadataKeys
{
    /// <summary>model.onnx: "onnxdl VERSION", plain text, for tools that show metadata_props but not producer_name.</summary>
    public const string Producer = "producer";

    /// <summary>model.onnx: JSON array of class names, in output order.</summary>
    public const string Labels = "onnxdl.labels";

    /// <summary>model.onnx: how raw images become the input tensor (Onnxdl.Augment's Preprocessing JSON).</summary>
    public const string Preprocessing = "onnxdl.preprocessing";

    /// <summary>model.onnx: the model specification the layers can be rebuilt from.</summary>
    public const string Spec = "onnxdl.spec";

    /// <summary>model.onnx of a transfer model: the specification of the trained head.</summary>
    public const string HeadSpec = "onnxdl.head_spec";

    /// <summary>train_step.onnx and apply_step.onnx: JSON object, updated-state output → the state input it feeds next step.</summary>
    public const string StateMap = "onnxdl.state_map";

    /// <summary>
    /// grad_step.onnx and apply_step.onnx: JSON object, grad_step output → the apply_step input it feeds. Between the two,
    /// each such output is averaged over the micro-batches and processes of one optimizer step, weighted by their samples.
    /// </summary>
    public const string GradientMap = "onnxdl.gradient_map";

    /// <summary>train_step.onnx and grad_step.onnx: JSON array of inputs to fill with U[0,1) noise each step (dropout).</summary>
    public const string NoiseInputs = "onnxdl.noise_inputs";

    /// <summary>train_step.onnx and eval_step.onnx: JSON array of scalar metric outputs, loss first.</summary>
    public const string Metrics = "onnxdl.metrics";

    /// <summary>train_step.onnx: the optimizer's hyper-parameters (JSON).</summary>
    public const string Optimizer = "onnxdl.optimizer";

    /// <summary>train_step.onnx and eval_step.onnx: the loss name (plain text).</summary>
    public const string Loss = "onnxdl.loss";
}
