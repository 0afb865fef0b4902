using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>Runs a model on ORT's CPU provider with values held as doubles (converted to the graph's element type).</summary>
internal sealed class Ort : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ElementType _type;

    public Ort(OnnxModel model, ElementType type)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, IntraOpNumThreads = 1 };
        _session = new InferenceSession(ModelSerializer.ToBytes(model), options);
        _type = type;
    }

    public (double[] Values, long[] Shape)[] Run(IReadOnlyList<(string Name, long[] Shape, double[] Values)> inputs, params string[] outputs)
    {
        var values = inputs.Select(i => _type == ElementType.Double
            ? OrtValue.CreateTensorValueFromMemory(i.Values.ToArray(), i.Shape)
            : OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(i.Values, v => (float)v), i.Shape)).ToList();
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
