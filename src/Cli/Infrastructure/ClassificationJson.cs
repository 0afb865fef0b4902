using System.Text.Json.Nodes;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// The JSON shape of one classified image, shared by <c>predict --json</c> and <c>serve</c>:
/// <c>{"label":…,"index":…,"probability":…}</c>, plus <c>"top":[{"label","index","probability"},…]</c> when more than one class is asked for.
/// </summary>
internal static class ClassificationJson
{
    /// <summary><paramref name="file"/>, when given, comes first as <c>"file"</c>.</summary>
    public static JsonObject Of(IReadOnlyList<ClassScore> ranked, bool withTop, string? file = null)
    {
        var result = file is null ? [] : new JsonObject { ["file"] = file };
        Write(ranked[0], result);
        if (withTop) result["top"] = new JsonArray([.. ranked.Select(s => (JsonNode)Write(s, []))]);
        return result;
    }

    private static JsonObject Write(ClassScore s, JsonObject into)
    {
        into["label"] = s.Label;
        into["index"] = s.Index;
        into["probability"] = s.Probability;
        return into;
    }
}
