namespace Onnxdl.Runtime;

/// <summary>Multiplies the lr by <paramref name="factor"/> when the metric stalls for <paramref name="patience"/> epochs.</summary>
public sealed class ReduceLROnPlateau(string monitor = "val_loss", float factor = 0.1f, int patience = 10,
    double minDelta = 1e-4, float minLearningRate = 0f, MonitorMode mode = MonitorMode.Auto) : MonitorCallback(monitor, mode, minDelta)
{
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        if (Read(logs) is not { } value) return;
        if (Improved(value)) { Wait = 0; return; }
        if (++Wait < patience) return;
        control.LearningRate = Math.Max(minLearningRate, control.LearningRate * factor);
        Wait = 0;
    }
}
