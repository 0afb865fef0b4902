using System.Globalization;

namespace Onnxdl.Runtime;

/// <summary>
/// When <see cref="Model.Fit(Onnxdl.Augment.IBatchSource, FitOptions)"/> also writes its checkpoint in the middle of an epoch:
/// every <see cref="Steps"/> optimizer steps (counted globally, so a resumed run writes at the same steps) or, with
/// <see cref="Steps"/> 0, every <see cref="Interval"/> of wall-clock time. A killed run loses at most that much training.
/// </summary>
public sealed record CheckpointSchedule
{
    /// <summary>What <see cref="Parse"/> accepts, for error messages and help.</summary>
    public const string Forms = "a number of steps (≥ 1) or a duration: a positive number with s, m or h (e.g. 500, 30s, 5m, 1h)";

    private CheckpointSchedule(int steps, TimeSpan interval) => (Steps, Interval) = (steps, interval);

    /// <summary>Write after every step whose global number is a multiple of this; 0 when the schedule is by time.</summary>
    public int Steps { get; }

    /// <summary>Write after the first step at least this long after the previous mid-epoch checkpoint (or the start); zero when by steps.</summary>
    public TimeSpan Interval { get; }

    /// <summary>A checkpoint every <paramref name="steps"/> (≥ 1) optimizer steps.</summary>
    public static CheckpointSchedule EverySteps(int steps) => steps >= 1 ? new(steps, TimeSpan.Zero)
        : throw new ArgumentOutOfRangeException(nameof(steps), steps, "A checkpoint schedule needs at least 1 step between checkpoints.");

    /// <summary>A checkpoint every <paramref name="interval"/> (&gt; 0) of training time.</summary>
    public static CheckpointSchedule Every(TimeSpan interval) => interval > TimeSpan.Zero ? new(0, interval)
        : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A checkpoint interval must be positive.");

    /// <summary>Reads "500" (steps) or "30s", "5m", "1.5h" (time); throws <see cref="FormatException"/> saying what is expected.</summary>
    public static CheckpointSchedule Parse(string text)
    {
        var trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var steps) && steps >= 1) return EverySteps(steps);
        var unit = trimmed.Length > 1 ? trimmed[^1] switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, _ => 0 } : 0;
        if (unit > 0 && double.TryParse(trimmed[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount * unit is > 0 and < 1e9 and var seconds)
            return Every(TimeSpan.FromSeconds(seconds));
        throw new FormatException($"expected {Forms}, received '{text}'.");
    }

    /// <summary>Whether the step just completed (global number <paramref name="step"/>) is to be followed by a checkpoint.</summary>
    internal bool IsDue(long step, TimeSpan sinceLast) => Steps > 0 ? step % Steps == 0 : sinceLast >= Interval;

    /// <inheritdoc/>
    public override string ToString() => Steps > 0 ? $"every {Steps} steps" : $"every {Interval}";
}
