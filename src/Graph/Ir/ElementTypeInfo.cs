namespace Onnxdl.Graph;

/// <summary>Facts about <see cref="ElementType"/>: ONNX names and element sizes.</summary>
public static class ElementTypeInfo
{
    /// <summary>Bytes per element in raw_data; 0 for types without a fixed size (strings).</summary>
    public static int SizeOf(this ElementType type) => type switch
    {
        ElementType.Float or ElementType.Int32 or ElementType.UInt32 => 4,
        ElementType.Double or ElementType.Int64 or ElementType.UInt64 => 8,
        ElementType.UInt8 or ElementType.Int8 or ElementType.Bool => 1,
        ElementType.UInt16 or ElementType.Int16 or ElementType.Float16 => 2,
        _ => 0,
    };

    /// <summary>The name ONNX and ONNX Runtime use for the type, e.g. "float" or "int64".</summary>
    public static string OnnxName(this ElementType type) => type switch
    {
        ElementType.Float => "float32",
        ElementType.Double => "float64",
        _ => type.ToString().ToLowerInvariant(),
    };
}
