namespace Onnxdl.Graph;

/// <summary>
/// The operators ONNX defines per domain and the opset that introduced each, read from OnnxOperators.txt
/// (generated from onnx/onnx's docs/Operators.md and docs/Operators-ml.md; its header names the commit).
/// Only names and introduction versions: per-version input/output counts, attributes and types are not in it.
/// </summary>
internal static class OnnxOperators
{
    private static readonly Lazy<Dictionary<(string Domain, string Op), long>> Table = new(Read);

    /// <summary>The opset that introduced <paramref name="op"/> in <paramref name="domain"/> ("" = ai.onnx), or null when ONNX has no such operator.</summary>
    public static long? Since(string domain, string op) =>
        Table.Value.TryGetValue((domain, op), out var since) ? since : null;

    private static Dictionary<(string, string), long> Read()
    {
        using var stream = typeof(OnnxOperators).Assembly.GetManifestResourceStream("Onnxdl.Graph.Checking.OnnxOperators.txt")
            ?? throw new InvalidOperationException("The embedded ONNX operator table (Checking/OnnxOperators.txt) is missing from Onnxdl.Graph.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<(string, string), long>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(' ');
            table[(fields[0] == "-" ? "" : fields[0], fields[1])] = long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        return table;
    }
}
