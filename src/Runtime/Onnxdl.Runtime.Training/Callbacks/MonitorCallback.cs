namespace Onnxdl.Runtime;

/// <summary>
/// Base of callbacks that watch one logged metric (EarlyStopping, ModelCheckpoint best-only,
/// ReduceLROnPlateau). A missing metric is reported once with the available ones, as Keras does.
/// </summary>
public abstract class MonitorCallback(string monitor, MonitorMode mode, double minDelta) : Callback
{
    private bool _warned;

    /// <summary>The log entry watched, e.g. "val_loss".</summary>
    public string Monitor { get; } = monitor;
    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; } = Math.Abs(minDelta);
    /// <summary>The best value seen so far (NaN before the first epoch).</summary>
    public double Best { get; protected set; } = double.NaN;

    /// <summary>Epochs since the best value (for callbacks with a patience).</summary>
    protected int Wait { get; set; }

    /// <summary>Best value and epochs without improvement, as a checkpoint keeps them; null before the first value.</summary>
    internal double[]? State => double.IsNaN(Best) ? null : [Best, Wait];

    /// <summary>Goes on from a checkpoint's <see cref="State"/>.</summary>
    internal void Restore(double[] state) => (Best, Wait) = (state[0], (int)state[1]);

    /// <summary>"auto" minimises losses and errors and maximises everything else (accuracy).</summary>
    protected bool Maximize => mode == MonitorMode.Max ||
        (mode == MonitorMode.Auto && !Monitor.Contains("loss") && !Monitor.Contains("mae") && !Monitor.Contains("error"));

    /// <summary>Reads the monitored value; null (with one warning) when it is not logged.</summary>
    protected double? Read(IReadOnlyDictionary<string, double> logs)
    {
        if (logs.TryGetValue(Monitor, out var value)) return value;
        if (!_warned)
            Console.Error.WriteLine($"warning: {GetType().Name} monitors '{Monitor}', which is not logged. Available: {string.Join(", ", logs.Keys)}.");
        _warned = true;
        return null;
    }

    /// <summary>True when <paramref name="value"/> beats the best so far by more than MinDelta (and records it).</summary>
    protected bool Improved(double value)
    {
        var better = double.IsNaN(Best) || (Maximize ? value > Best + MinDelta : value < Best - MinDelta);
        if (better) Best = value;
        return better;
    }
}
