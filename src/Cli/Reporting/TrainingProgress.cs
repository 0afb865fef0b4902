using System.Diagnostics;
using Onnxdl.Runtime;
using Spectre.Console;

namespace Onnxdl.Cli;

/// <summary>
/// Shows a fit: with a live context, one bar per epoch whose text carries step, running loss and metrics
/// and samples/s (the ETA column comes from the bar); without, one line per epoch on <paramref name="output"/>.
/// </summary>
internal sealed class TrainingProgress(ProgressContext? live, TextWriter output, int batchSize) : IProgressReporter
{
    private readonly Stopwatch _clock = new();
    private ProgressTask? _task;

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        _clock.Restart();
        _task = live?.AddTask(Markup.Escape($"epoch {epoch + 1}/{epochs}"), maxValue: batches);
    }

    public void BatchEnded(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs)
    {
        if (_task is null) return;
        _task.Value = batch;
        _task.Description = Markup.Escape($"epoch {epoch + 1} {batch}/{batches} {ConsoleProgress.Format(logs, compact: true)} {Rate(batch):F0}/s");
    }

    public void EpochEnded(int epoch, int epochs, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed)
    {
        if (_task is null)
        {
            output.WriteLine($"epoch {epoch + 1}/{epochs}  {ConsoleProgress.Format(logs)}  {elapsed.TotalSeconds:F1}s");
            return;
        }
        _task.Description = Markup.Escape($"epoch {epoch + 1}/{epochs} {ConsoleProgress.Format(logs, compact: true)} {elapsed.TotalSeconds:F1}s");
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }

    private double Rate(int batches) => batches * batchSize / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
}
