using Microsoft.ML.OnnxRuntime;

namespace Onnxdl.Graph.Tests.Support;

/// <summary>Runs serialized models in ONNX Runtime (CPU), so what is tested is the bytes we write.</summary>
public static class Ort
{
    /// <summary>Feeds "input" and returns every float graph output by name with its shape.</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> RunAll(OnnxModel model, float[] input, long[] shape)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(ModelSerializer.ToBytes(model), options);
        using var x = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        var names = session.OutputNames.ToArray();
        using var results = session.Run(runOptions, ["input"], [x], names);
        var outputs = new Dictionary<string, (float[], long[])>();
        for (var i = 0; i < names.Length; i++)
            if (results[i].GetTensorTypeAndShape().ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
                outputs[names[i]] = (results[i].GetTensorDataAsSpan<float>().ToArray(), results[i].GetTensorTypeAndShape().Shape);
        return outputs;
    }

    public static float[] Run(OnnxModel model, float[] input, long[] shape) => RunAll(model, input, shape)["output"].Data;
}
