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
}
