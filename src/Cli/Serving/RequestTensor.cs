using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// One input of an inference request: its name, element type, shape and little-endian bytes, either a slice of the
/// request body (binary data extension) or a pooled buffer the JSON <c>data</c> was parsed into.
/// </summary>
internal sealed record RequestTensor(string Name, ElementType Type, long[] Shape, ReadOnlyMemory<byte> Bytes)
{
    public string ShapeText => $"[{string.Join(",", Shape)}]";
}
