using System.Globalization;
using Onnxdl.Runtime;

namespace Onnxdl.Cli;

/// <summary>
/// <c>--lr-schedule</c>: <c>cosine:EPOCHS</c> (<see cref="CosineDecay"/> from the initial learning rate to 0 over EPOCHS
/// epochs, then 0) or <c>step:EVERY:FACTOR</c> (<see cref="StepDecay"/>: times FACTOR every EVERY epochs). Both follow the
/// optimizer's initial rate by epoch number, so a resumed run continues the same schedule.
/// </summary>
internal static class LearningRateSchedules
{
    public const string Forms = "cosine:EPOCHS or step:EVERY:FACTOR";

    /// <summary>The schedule's callback; a malformed text is a usage error naming the form expected.</summary>
    public static Callback Parse(string text) => text.Trim().ToLowerInvariant().Split(':') switch
    {
        ["cosine", var epochs] when Epochs(epochs) is { } n => new CosineDecay(n),
        ["step", var every, var factor] when Epochs(every) is { } n && Factor(factor) is { } f => new StepDecay(f, n),
        _ => throw new UsageException($"--lr-schedule '{text}': expected {Forms} (EPOCHS and EVERY whole numbers ≥ 1, 0 < FACTOR < 1)."),
    };

    private static int? Epochs(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;

    private static float? Factor(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 && f < 1 ? f : null;
}
