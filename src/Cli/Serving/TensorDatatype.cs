using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// The Open Inference Protocol's tensor datatypes (<c>FP32</c>, <c>INT64</c>, …) that the served models may use, their
/// ONNX element types and their sizes; Triton's <c>config.pbtxt</c> spells the same names with a <c>TYPE_</c> prefix.
/// </summary>
internal static class TensorDatatype
{
    private static readonly (string Name, ElementType Type, int Size)[] Known =
    [
        ("FP32", ElementType.Float, 4),
        ("FP64", ElementType.Double, 8),
        ("INT64", ElementType.Int64, 8),
        ("INT32", ElementType.Int32, 4),
        ("UINT8", ElementType.UInt8, 1),
        ("BOOL", ElementType.Bool, 1),
    ];

    /// <summary>The supported names, for messages.</summary>
    public static string Supported => string.Join(", ", Known.Select(k => k.Name));

    /// <summary>The protocol's name of <paramref name="type"/>, or null when it is not one the server exchanges.</summary>
    public static string? NameOf(ElementType type) => Known.FirstOrDefault(k => k.Type == type).Name;

    /// <summary>The element type named <paramref name="name"/>; null when unknown or unsupported.</summary>
    public static ElementType? Parse(string name) => Known.FirstOrDefault(k => k.Name == name) is { Name: not null } k ? k.Type : null;

    /// <summary>Bytes per element of <paramref name="type"/> (BOOL is one byte, 0 or 1).</summary>
    public static int SizeOf(ElementType type) => Known.First(k => k.Type == type).Size;

    /// <summary>A new array of <paramref name="count"/> elements of <paramref name="type"/>, the kind <see cref="Runtime.TensorData"/> holds.</summary>
    public static Array NewArray(ElementType type, int count) => type switch
    {
        ElementType.Float => new float[count],
        ElementType.Double => new double[count],
        ElementType.Int64 => new long[count],
        ElementType.Int32 => new int[count],
        ElementType.UInt8 => new byte[count],
        ElementType.Bool => new bool[count],
        _ => throw new NotSupportedException($"Element type {type} is not served."),
    };
}
