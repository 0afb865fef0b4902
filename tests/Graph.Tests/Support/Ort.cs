using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Graph.Tests.Support;

/// <summary>
/// Runs serialized models in ONNX Runtime (CPU, one thread), so what is tested is the bytes we write. Values
/// travel as doubles and are converted to each input's declared element type (float, double or int64).
/// </summary>
public sealed class Ort : IDisposable
{
    private readonly InferenceSession _session;

    public Ort(OnnxModel model)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, IntraOpNumThreads = 1 };
        _session = new InferenceSession(ModelSerializer.ToBytes(model), options);
    }

    public (double[] Values, long[] Shape)[] Run(IReadOnlyList<(string Name, long[] Shape, double[] Values)> inputs, params string[] outputs)
    {
        var values = inputs.Select(i => ToOrt(_session.InputMetadata[i.Name].ElementDataType, i.Values, i.Shape)).ToList();
        try
        {
            using var options = new RunOptions();
            using var results = _session.Run(options, inputs.Select(i => i.Name).ToArray(), values, outputs);
            return results.Select(r => (ToDoubles(r), r.GetTensorTypeAndShape().Shape)).ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>Feeds "input" and returns every float graph output by name with its shape.</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> RunAll(OnnxModel model, float[] input, long[] shape)
    {
        using var ort = new Ort(model);
        var names = ort._session.OutputNames.ToArray();
        var results = ort.Run([(ArtifactNames.Input, shape, Array.ConvertAll(input, v => (double)v))], names);
        var outputs = new Dictionary<string, (float[], long[])>();
        for (var i = 0; i < names.Length; i++)
            if (ort._session.OutputMetadata[names[i]].ElementDataType == TensorElementType.Float)
                outputs[names[i]] = (Array.ConvertAll(results[i].Values, v => (float)v), results[i].Shape);
        return outputs;
    }

    public static float[] Run(OnnxModel model, float[] input, long[] shape) => RunAll(model, input, shape)[ArtifactNames.Output].Data;

    private static OrtValue ToOrt(TensorElementType type, double[] values, long[] shape) => type switch
    {
        TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (long)v), shape),
        _ => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (float)v), shape),
    };

    private static double[] ToDoubles(OrtValue v) => v.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Double => v.GetTensorDataAsSpan<double>().ToArray(),
        TensorElementType.Float => Array.ConvertAll(v.GetTensorDataAsSpan<float>().ToArray(), f => (double)f),
        TensorElementType.Int64 => Array.ConvertAll(v.GetTensorDataAsSpan<long>().ToArray(), f => (double)f),
        TensorElementType.Bool => Array.ConvertAll(v.GetTensorDataAsSpan<bool>().ToArray(), f => f ? 1.0 : 0.0),
        var t => throw new NotSupportedException($"Output of type {t}."),
    };

    public void Dispose() => _session.Dispose();
}
