using System.Globalization;

namespace Onnxdl.Graph;

/// <summary>
/// Every version of every ONNX operator with its input/output count bounds, read from OnnxOperators.txt
/// (generated from onnx/onnx's docs/Changelog.md and docs/Changelog-ml.md; its header names the commit).
/// Attributes, their types and type constraints are not in it.
/// </summary>
internal static class OnnxOperators
{
    /// <summary>One version of an operator; a bound of -1 is unbounded (variadic). Deprecated versions carry no bounds.</summary>
    public sealed record Version(long Since, int MinInputs, int MaxInputs, int MinOutputs, int MaxOutputs, bool Deprecated);

    private static readonly Lazy<Dictionary<(string Domain, string Op), List<Version>>> Table = new(Read);

    /// <summary>The versions of <paramref name="op"/> in <paramref name="domain"/> ("" = ai.onnx), oldest first; empty when ONNX has no such operator.</summary>
    public static IReadOnlyList<Version> Versions(string domain, string op) =>
        Table.Value.TryGetValue((domain, op), out var versions) ? versions : [];

    private static Dictionary<(string, string), List<Version>> Read()
    {
        using var stream = typeof(OnnxOperators).Assembly.GetManifestResourceStream("Onnxdl.Graph.Checking.OnnxOperators.txt")
            ?? throw new InvalidOperationException("The embedded ONNX operator table (Checking/OnnxOperators.txt) is missing from Onnxdl.Graph.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<(string, string), List<Version>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split(' ');
            var version = f[3] == "deprecated"
                ? new Version(Number(f[2]), 0, -1, 0, -1, Deprecated: true)
                : new Version(Number(f[2]), (int)Number(f[3]), (int)Number(f[4]), (int)Number(f[5]), (int)Number(f[6]), Deprecated: false);
            var key = (f[0] == "-" ? "" : f[0], f[1]);
            (table.TryGetValue(key, out var list) ? list : table[key] = []).Add(version);
        }
        foreach (var list in table.Values) list.Sort((a, b) => a.Since.CompareTo(b.Since));
        return table;
    }

    private static long Number(string field) => field == "*" ? -1 : long.Parse(field, CultureInfo.InvariantCulture);
}
