namespace Onnxdl.Runtime;

/// <summary>How a <see cref="Predictor"/> loads its model. Defaults: CPU, CPU fallback allowed.</summary>
public sealed record PredictorOptions
{
    /// <summary>The .onnx file to load.</summary>
    public string ModelPath { get; set; } = "";
    /// <summary>The device to run on (default CPU).</summary>
    public Device Device { get; set; } = Device.Cpu;

    /// <summary>When the requested GPU cannot be used, run on CPU (with <see cref="Predictor.Choice"/> saying why).</summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>
    /// ONNX Runtime session configuration entries (e.g. <c>session.intra_op.allow_spinning</c> = <c>0</c>); entries of
    /// the <c>ONNXDL_ORT_CONFIG</c> environment variable override them.
    /// </summary>
    public IReadOnlyDictionary<string, string> SessionConfig { get; set; } = new Dictionary<string, string>();
}
