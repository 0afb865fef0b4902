using System.Text.Json;
using Onnxdl.Graph;
using Onnxdl.Graph.Autodiff;

namespace Onnxdl.Runtime;

/// <summary>
/// A training step's kernel time by layer, read from ONNX Runtime's profile of the train-step session
/// (<c>ONNXDL_ORT_PROFILE</c>) against the model's arithmetic (<see cref="TrainingFlops"/>), so a benchmark can say
/// which layers' backward passes run below their forward's rate.
/// </summary>
public sealed record StepProfile(int Steps, double StepMs, IReadOnlyList<StepProfileRow> Rows)
{
    private const string GradientScope = "grad/";

    /// <summary>The profile among <paramref name="files"/> that ran a training step (it holds gradient nodes), or null.</summary>
    public static StepProfile? FromFiles(IEnumerable<string> files, TrainingFlops flops, long samples) =>
        files.Select(f => Read(f, flops, samples)).OfType<StepProfile>().MaxBy(p => p.Steps * p.StepMs);

    /// <summary>
    /// Reads one profile; null when it holds no gradient nodes (an eval or inference session). Times are per steady step:
    /// the first <see cref="WarmupSteps"/> runs (at most half of them) are left out, as the benchmark's steady rate leaves out
    /// its first batches. The first runs grow the arena (a large elementwise node's first run took 70–90× its steady time), which
    /// made mobilenet_small's mean kernel time over 24 steps at batch 64 1.35× its steady time (192 against 142 ms).
    /// </summary>
    public static StepProfile? Read(string file, TrainingFlops flops, long samples)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var events = json.RootElement.EnumerateArray().Select(e => (Name: e.GetProperty("name").GetString() ?? "",
            Start: e.TryGetProperty("ts", out var ts) ? ts.GetDouble() : 0, Microseconds: e.GetProperty("dur").GetDouble(),
            Op: e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out var op) ? op.GetString() : null)).ToList();
        var runs = events.Where(e => e.Name == "model_run").OrderBy(e => e.Start).ToList();
        var warmup = Math.Min(WarmupSteps, runs.Count / 2);
        var steadyFrom = warmup == 0 ? double.NegativeInfinity : runs[warmup - 1].Start + runs[warmup - 1].Microseconds;
        var steps = runs.Count - warmup;
        var times = new Dictionary<(string Scope, Part Part), double>();
        foreach (var (name, start, microseconds, op) in events)
        {
            if (!name.EndsWith("_kernel_time", StringComparison.Ordinal) || start < steadyFrom) continue;
            var node = name[..^"_kernel_time".Length];
            if (node.StartsWith("fused ", StringComparison.Ordinal)) node = node["fused ".Length..];
            var key = Classify(node, op);
            times[key] = times.GetValueOrDefault(key) + microseconds / 1000;
        }
        if (!times.Keys.Any(k => k.Part != Part.Forward) || steps == 0) return null;
        var rows = times.Keys.Select(k => k.Scope).Distinct().Select(s => Row(s, times, flops, (double)samples / runs.Count, steps)).ToList();
        var minor = rows.Where(r => r.Forward.Ms + r.Backward.Ms < MinorMs).ToList();
        var other = new StepProfileRow(OtherScope, new(minor.Sum(r => r.Forward.Ms), null), new(minor.Sum(r => r.Backward.Ms), null),
            StepProfilePart.None, StepProfilePart.None, StepProfilePart.None);
        return new StepProfile(steps, rows.Sum(r => r.Forward.Ms + r.Backward.Ms),
            [.. rows.Except(minor).OrderByDescending(r => r.Forward.Ms + r.Backward.Ms), .. minor.Count > 0 ? [other] : Array.Empty<StepProfileRow>()]);
    }

    /// <summary>Runs left out of the times as warm-up (the benchmark's own warm-up batches).</summary>
    public const int WarmupSteps = TrainingBenchmark.WarmupBatches;

    /// <summary>
    /// Which timed part of a step a node belongs to: the weight gradient is its GEMMs (<see cref="WeightGradientGemm"/>) and
    /// the nodes that build their operands (<see cref="WeightGradientOperands"/>); <see cref="Rest"/> is the backward outside
    /// the two products.
    /// </summary>
    private enum Part { Forward, InputGradient, WeightGradientOperands, WeightGradientGemm, Rest }

    /// <summary>
    /// A node's scope (its layer) and part: gradient nodes live under <c>grad/NODE/</c>, products under a sub-scope, and
    /// the weight gradient's matrix products are told apart by their operator (ONNX Runtime fuses a MatMul with a Transpose
    /// into FusedMatMul).
    /// </summary>
    private static (string Scope, Part Part) Classify(string node, string? op)
    {
        if (!node.StartsWith(GradientScope, StringComparison.Ordinal)) return (ScopeOf(node), Part.Forward);
        var part = node.Contains(InputGradientScope, StringComparison.Ordinal) ? Part.InputGradient
            : !node.Contains(WeightGradientScope, StringComparison.Ordinal) ? Part.Rest
            : op is "MatMul" or "FusedMatMul" or "Gemm" or "FusedGemm" ? Part.WeightGradientGemm : Part.WeightGradientOperands;
        return (ScopeOf(node[GradientScope.Length..]), part);
    }

    private const string InputGradientScope = "/" + Gradients.InputGradientScope + "/", WeightGradientScope = "/" + Gradients.WeightGradientScope + "/";

    /// <summary>Scopes under this many milliseconds per step are summed into one <see cref="OtherScope"/> row.</summary>
    private const double MinorMs = 0.05;

    /// <summary>The scope of the row that sums all minor scopes.</summary>
    public const string OtherScope = "(other)";

    /// <summary>A node's first name part: its layer ("conv2d_2/Conv" → "conv2d_2"), the optimizer ("adam") or the loss.</summary>
    private static string ScopeOf(string node) => node.Split('/')[0];

    /// <summary>A layer's times per timed step and its rates at <paramref name="samplesPerStep"/> (the mean over all runs).</summary>
    private static StepProfileRow Row(string scope, Dictionary<(string Scope, Part Part), double> times, TrainingFlops flops,
        double samplesPerStep, int steps)
    {
        var layer = flops.Nodes.Where(n => ScopeOf(n.Node) == scope).ToList();
        StepProfilePart Timed(long flopsPerSample, params Part[] parts)
        {
            var ms = parts.Sum(p => times.GetValueOrDefault((scope, p))) / steps;
            return new(ms, flopsPerSample == 0 || ms <= 0 ? null : flopsPerSample * samplesPerStep / ms / 1e6);
        }
        var forwardFlops = layer.Sum(n => 2 * n.MacsPerSample);
        return new StepProfileRow(scope, Timed(forwardFlops, Part.Forward),
            Timed(layer.Sum(n => n.BackwardFlopsPerSample), Part.InputGradient, Part.WeightGradientOperands, Part.WeightGradientGemm, Part.Rest),
            Timed(layer.Where(n => !n.ReadsData).Sum(n => 2 * n.MacsPerSample), Part.InputGradient),
            Timed(forwardFlops, Part.WeightGradientOperands, Part.WeightGradientGemm), Timed(forwardFlops, Part.WeightGradientGemm));
    }
}
