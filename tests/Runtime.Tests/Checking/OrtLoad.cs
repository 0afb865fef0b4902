using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Runtime.Tests;

/// <summary>ONNX Runtime as the independent judge of a model: does a CPU session get created for it?</summary>
internal static class OrtLoad
{
    /// <summary>ONNX Runtime's load error for the model, or null when a CPU session is created.</summary>
    public static string? Error(ModelProto model)
    {
        try
        {
            using var session = new InferenceSession(model.ToByteArray());
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return e.Message;
        }
    }
}
