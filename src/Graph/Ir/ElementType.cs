namespace Onnxdl.Graph;

/// <summary>ONNX tensor element types (values are TensorProto.DataType's).</summary>
public enum ElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
}

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

    public static string OnnxName(this ElementType type) => type switch
    {
        ElementType.Float => "float32",
        ElementType.Double => "float64",
        _ => type.ToString().ToLowerInvariant(),
    };
}
