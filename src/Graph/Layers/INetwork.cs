namespace Onnxdl.Graph.Layers;

/// <summary>
/// What training artifacts need from a network: typed input/output, named parameters with values, and a
/// forward pass emitted into any builder. <see cref="Functional"/> (so <see cref="Sequential"/>) and <see cref="Artifacts.TransferModel"/> are networks.
/// </summary>
public interface INetwork
{
    /// <summary>The network's name (the ONNX graph name).</summary>
    string Name { get; }
    /// <summary>The batched input type, [N, …].</summary>
    TensorType InputType { get; }
    /// <summary>The batched output type, [N, …].</summary>
    TensorType OutputType { get; }

    /// <summary>Every parameter the training step carries as state (trainable or not), in a fixed order.</summary>
    IReadOnlyList<ParameterInfo> ParameterInfos { get; }

    /// <summary>Parameter name → current value, for each of <see cref="ParameterInfos"/>.</summary>
    IReadOnlyDictionary<string, Tensor> Parameters { get; }

    /// <summary>True once parameters have values (after Build or loading).</summary>
    bool IsBuilt { get; }

    /// <summary>Creates the parameters that are not there yet, drawing from <paramref name="seed"/>.</summary>
    INetwork Build(long seed);

    /// <summary>Replaces every parameter's value (e.g. with trained ones), naming every missing or mis-shaped one.</summary>
    void SetParameters(IReadOnlyDictionary<string, Tensor> values);

    /// <summary>Emits the forward pass on batched <paramref name="input"/>; parameters are bound through <paramref name="ctx"/>.</summary>
    Var Forward(LayerContext ctx, Var input);

    /// <summary>The inference model.onnx (input "input", output "output"); the network itself is not changed.</summary>
    OnnxModel ToOnnx(ExportOptions options);
}
