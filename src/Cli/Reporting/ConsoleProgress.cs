using Spectre.Console;

namespace Onnxdl.Cli;

/// <summary>
/// Live progress bars (Spectre.Console) on a terminal; nothing live when stdout is redirected, when the
/// command writes somewhere other than the console (tests), or with --quiet: callers then print plain lines.
/// </summary>
internal static class ConsoleProgress
{
    public static bool IsInteractive(TextWriter output, bool quiet) =>
        !quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="body"/> with a live progress context, or with null when not interactive.</summary>
    public static T Run<T>(bool interactive, Func<ProgressContext?, T> body)
    {
        if (!interactive) return body(null);
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 },
                new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => body(ctx));
    }

    /// <summary>"loss 0.4123  accuracy 0.8512  val_loss …" (the learning rate left out); compact: "acc" for "accuracy", to fit a terminal line.</summary>
    public static string Format(IReadOnlyDictionary<string, double> logs, bool compact = false) =>
        string.Join(compact ? " " : "  ", logs.Where(kv => kv.Key != "lr")
            .Select(kv => $"{(compact ? kv.Key.Replace("accuracy", "acc") : kv.Key)} {kv.Value:F4}"));
}
