namespace Onnxdl.Graph;

/// <summary>The value kinds of an ONNX node attribute.</summary>
public enum AttrKind
{
    /// <summary>One float.</summary>
    Float,
    /// <summary>One int64.</summary>
    Int,
    /// <summary>One string.</summary>
    String,
    /// <summary>A tensor.</summary>
    Tensor,
    /// <summary>A subgraph.</summary>
    Graph,
    /// <summary>A list of floats.</summary>
    Floats,
    /// <summary>A list of int64s.</summary>
    Ints,
    /// <summary>A list of strings.</summary>
    Strings,
    /// <summary>A type (e.g. Optional's <c>type</c>), kept as ONNX's <c>TypeProto</c>.</summary>
    TypeProto,
}
