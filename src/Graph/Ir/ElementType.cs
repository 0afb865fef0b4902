namespace Onnxdl.Graph;

/// <summary>ONNX tensor element types (values are TensorProto.DataType's).</summary>
public enum ElementType
{
    /// <summary>Not set (invalid in a model).</summary>
    Undefined = 0,
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 2,
    /// <summary>8-bit signed integer.</summary>
    Int8 = 3,
    /// <summary>16-bit unsigned integer.</summary>
    UInt16 = 4,
    /// <summary>16-bit signed integer.</summary>
    Int16 = 5,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,
    /// <summary>UTF-8 string.</summary>
    String = 8,
    /// <summary>Boolean (one byte per element).</summary>
    Bool = 9,
    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,
    /// <summary>64-bit float.</summary>
    Double = 11,
    /// <summary>32-bit unsigned integer.</summary>
    UInt32 = 12,
    /// <summary>64-bit unsigned integer.</summary>
    UInt64 = 13,
}

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
