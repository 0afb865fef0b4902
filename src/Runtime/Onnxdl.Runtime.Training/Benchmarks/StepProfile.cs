using System.Text.Json;
using Onnxdl.Graph;

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

    /// <summary>Reads one profile; null when it holds no gradient nodes (an eval or inference session).</summary>
    public static StepProfile? Read(string file, TrainingFlops flops, long samples)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var steps = 0;
        var forward = new Dictionary<string, double>();
        var backward = new Dictionary<string, double>();
        foreach (var e in json.RootElement.EnumerateArray())
        {
            var name = e.GetProperty("name").GetString() ?? "";
            if (name == "model_run") steps++;
            if (!name.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            var node = name[..^"_kernel_time".Length];
            if (node.StartsWith("fused ", StringComparison.Ordinal)) node = node["fused ".Length..];
            var isGradient = node.StartsWith(GradientScope, StringComparison.Ordinal);
            var scope = ScopeOf(isGradient ? node[GradientScope.Length..] : node);
            var into = isGradient ? backward : forward;
            into[scope] = into.GetValueOrDefault(scope) + e.GetProperty("dur").GetDouble() / 1000;
        }
        if (backward.Count == 0 || steps == 0) return null;
        var rows = forward.Keys.Union(backward.Keys).Select(s => Row(s, forward, backward, flops, samples, steps)).ToList();
        var minor = rows.Where(r => r.ForwardMs + r.BackwardMs < MinorMs).ToList();
        var other = new StepProfileRow(OtherScope, minor.Sum(r => r.ForwardMs), minor.Sum(r => r.BackwardMs), null, null);
        return new StepProfile(steps, rows.Sum(r => r.ForwardMs + r.BackwardMs),
            [.. rows.Except(minor).OrderByDescending(r => r.ForwardMs + r.BackwardMs), .. minor.Count > 0 ? [other] : Array.Empty<StepProfileRow>()]);
    }

    /// <summary>Scopes under this many milliseconds per step are summed into one <see cref="OtherScope"/> row.</summary>
    private const double MinorMs = 0.05;

    /// <summary>The scope of the row that sums all minor scopes.</summary>
    public const string OtherScope = "(other)";

    /// <summary>A node's first name part: its layer ("conv2d_2/Conv" → "conv2d_2"), the optimizer ("adam") or the loss.</summary>
    private static string ScopeOf(string node) => node.Split('/')[0];

    private static StepProfileRow Row(string scope, Dictionary<string, double> forward, Dictionary<string, double> backward,
        TrainingFlops flops, long samples, int steps)
    {
        var layer = flops.Nodes.Where(n => ScopeOf(n.Node) == scope).ToList();
        var (f, b) = (forward.GetValueOrDefault(scope) / steps, backward.GetValueOrDefault(scope) / steps);
        double? Gflops(long flopsPerSample, double ms) => layer.Count == 0 || ms <= 0 ? null : flopsPerSample * (double)samples / (ms * steps) / 1e6;
        return new StepProfileRow(scope, f, b, Gflops(layer.Sum(n => 2 * n.MacsPerSample), f), Gflops(layer.Sum(n => n.BackwardFlopsPerSample), b));
    }
}
