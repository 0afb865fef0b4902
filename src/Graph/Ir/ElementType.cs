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
