namespace Onnxdl.Runtime;

/// <summary>
/// Writes a checkpoint (atomically) after every epoch, or only when the monitored metric improves.
/// </summary>
public sealed class ModelCheckpoint(string path, bool saveBestOnly = false, string monitor = "val_loss",
    MonitorMode mode = MonitorMode.Auto) : MonitorCallback(monitor, mode, 0)
{
    /// <summary>The checkpoint file written.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        if (saveBestOnly && (Read(logs) is not { } value || !Improved(value))) return;
        control.Model.SaveCheckpoint(Path);
    }
}
