namespace Onnxdl.Runtime;

/// <summary>Reads one row of a classifier's output as class probabilities and ranks them.</summary>
public static class ClassProbabilities
{
    /// <summary>Tolerance on the sum of a row that is already a distribution (float softmax rounding).</summary>
    private const float SumTolerance = 1e-3f;

    /// <summary>
    /// One output column is a two-class score: probabilities [1 − p, p] of classes 0 and 1, with p the value
    /// itself when it is in [0, 1] (a sigmoid output) and σ(value) otherwise (a logit). A row that is already
    /// a distribution (all in [0, 1], sum 1) is kept; anything else is read as logits and passed through softmax.
    /// </summary>
    public static float[] Of(ReadOnlySpan<float> row)
    {
        if (row.Length == 1)
        {
            var p = row[0] is >= 0 and <= 1 ? row[0] : 1 / (1 + MathF.Exp(-row[0]));
            return [1 - p, p];
        }
        var sum = 0f;
        var isDistribution = true;
        foreach (var v in row)
        {
            isDistribution &= v is >= 0 and <= 1;
            sum += v;
        }
        return isDistribution && Math.Abs(sum - 1) <= SumTolerance ? row.ToArray() : Softmax(row);
    }

    /// <summary>The <paramref name="top"/> most probable classes, best first; ties keep the lower index first.</summary>
    public static ClassScore[] Rank(ReadOnlySpan<float> row, IReadOnlyList<string> labels, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var p = Of(row);
        // Labels that do not match the class count would mislabel every answer; fall back to indices.
        string Label(int i) => labels.Count == p.Length ? labels[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i)
            .Take(top).Select(i => new ClassScore(i, Label(i), p[i]))];
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var e = new float[logits.Length];
        var sum = 0.0;
        for (var i = 0; i < e.Length; i++) sum += e[i] = MathF.Exp(logits[i] - max);
        for (var i = 0; i < e.Length; i++) e[i] = (float)(e[i] / sum);
        return e;
    }
}
