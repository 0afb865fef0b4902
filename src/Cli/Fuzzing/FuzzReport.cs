namespace Onnxdl.Cli;

/// <summary>The outcome of a fuzzing campaign: inputs run, how many got each verdict, and every property violation.</summary>
internal sealed record FuzzReport(string Target, int Inputs, IReadOnlyDictionary<string, int> Verdicts, IReadOnlyList<string> Violations, TimeSpan Elapsed)
{
    /// <summary>One line: "models: 10000 inputs in 12.3 s: valid 12, invalid 4000, format error 5988; 0 violations".</summary>
    public override string ToString() =>
        $"{Target}: {Inputs} inputs in {Elapsed.TotalSeconds:F1} s: " +
        $"{string.Join(", ", Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}"))}; {Violations.Count} violations";
}
