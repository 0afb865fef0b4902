using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>Conversions between host arrays and <see cref="OrtValue"/>s.</summary>
internal static class OrtValues
{
    /// <summary>Wraps the array without copying: the caller must keep it alive and dispose the value.</summary>
    public static OrtValue FromHost(TensorData t) => t.Data switch
    {
        float[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        double[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        long[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        int[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        bool[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        byte[] a => OrtValue.CreateTensorValueFromMemory(a, t.Dims),
        _ => throw new NotSupportedException($"Tensors of {t.Data.GetType().Name} are not supported."),
    };

    /// <summary>Copies an output to a host array.</summary>
    public static TensorData ToHost(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var dims = info.Shape;
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            var other => throw new NotSupportedException($"Output element type {other} is not supported."),
        };
        return new TensorData(dims, data);
    }

    public static ElementType ElementTypeOf(Array data) => data switch
    {
        float[] => ElementType.Float,
        double[] => ElementType.Double,
        long[] => ElementType.Int64,
        int[] => ElementType.Int32,
        bool[] => ElementType.Bool,
        byte[] => ElementType.UInt8,
        _ => ElementType.Undefined,
    };

    public static ElementType ToElementType(TensorElementType type) => type switch
    {
        TensorElementType.Float => ElementType.Float,
        TensorElementType.Double => ElementType.Double,
        TensorElementType.Int64 => ElementType.Int64,
        TensorElementType.Int32 => ElementType.Int32,
        TensorElementType.Bool => ElementType.Bool,
        TensorElementType.UInt8 => ElementType.UInt8,
        TensorElementType.Int8 => ElementType.Int8,
        TensorElementType.Float16 => ElementType.Float16,
        _ => ElementType.Undefined,
    };
}
