using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime;

/// <summary>
/// Whether a CPU training session runs its convolutions in ONNX Runtime's blocked NCHWc layout
/// (<see cref="NchwcConvolutions"/>): where this ORT has the kernels, unless <see cref="Variable"/> is 0.
/// </summary>
internal static class NchwcLayout
{
    /// <summary>Set to 0 to run a step's convolutions as written (plain ONNX Conv).</summary>
    public const string Variable = "ONNXDL_NCHWC";

    private static readonly Lazy<int> Block = new(ProbeBlockSize);

    /// <summary>MLAS's NCHWc block size as ONNX Runtime reports it, or 0 when it has no blocked convolution.</summary>
    public static int BlockSize => Block.Value;

    /// <summary>The step a CPU session should load: a lowered copy where the layout applies, else the step itself.</summary>
    public static OnnxModel ForCpu(OnnxModel step) =>
        Environment.GetEnvironmentVariable(Variable) == "0" || BlockSize == 0 ? step : NchwcConvolutions.Lower(step, BlockSize) ?? step;

    /// <summary>Runs <see cref="NchwcConvolutions.BlockSizeProbe"/>; a block below 8 means MLAS has no blocked kernels.</summary>
    private static int ProbeBlockSize()
    {
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, IntraOpNumThreads = 1 };
            using var session = new InferenceSession(ModelSerializer.ToBytes(NchwcConvolutions.BlockSizeProbe()), options);
            using var input = OrtValue.CreateTensorValueFromMemory(new float[4], [1, 4, 1, 1]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
            var channels = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
            return channels >= 8 ? channels : 0;
        }
        catch (OnnxRuntimeException)
        {
            return 0;
        }
    }
}
