namespace Onnxdl.Runtime;

/// <summary>Sets the learning rate at the start of each epoch from a schedule of (epoch, initial lr).</summary>
public class LearningRateScheduler(Func<int, float, float> schedule) : Callback
{
    private float _initial = float.NaN;

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingControl control) => _initial = control.LearningRate;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, TrainingControl control) => control.LearningRate = schedule(epoch, _initial);
}

/// <summary>lr · factor^⌊epoch / every⌋.</summary>
public sealed class StepDecay(float factor = 0.5f, int every = 10)
    : LearningRateScheduler((epoch, lr) => lr * MathF.Pow(factor, epoch / Math.Max(1, every)));

/// <summary>Cosine decay from the initial lr to <paramref name="minimum"/> over <paramref name="epochs"/> epochs.</summary>
public sealed class CosineDecay(int epochs, float minimum = 0f)
    : LearningRateScheduler((epoch, lr) => minimum + (lr - minimum) * 0.5f * (1 + MathF.Cos(MathF.PI * Math.Min(epoch, epochs) / Math.Max(1, epochs))));

/// <summary>Multiplies the lr by <paramref name="factor"/> when the metric stalls for <paramref name="patience"/> epochs.</summary>
public sealed class ReduceLROnPlateau(string monitor = "val_loss", float factor = 0.1f, int patience = 10,
    double minDelta = 1e-4, float minLearningRate = 0f, MonitorMode mode = MonitorMode.Auto) : MonitorCallback(monitor, mode, minDelta)
{
    private int _wait;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        if (Read(logs) is not { } value) return;
        if (Improved(value)) { _wait = 0; return; }
        if (++_wait < patience) return;
        control.LearningRate = Math.Max(minLearningRate, control.LearningRate * factor);
        _wait = 0;
    }
}
