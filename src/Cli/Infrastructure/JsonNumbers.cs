using System.Text.Json.Nodes;

namespace Onnxdl.Cli;

/// <summary>Numbers in the JSON the tool writes.</summary>
internal static class JsonNumbers
{
    /// <summary>JSON has no NaN: a non-finite value is written as null.</summary>
    public static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
