using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>Stops when the monitored metric has not improved for <paramref name="patience"/> epochs.</summary>
public sealed class EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0,
    bool restoreBestWeights = false, MonitorMode mode = MonitorMode.Auto) : MonitorCallback(monitor, mode, minDelta)
{
    private Dictionary<string, Tensor>? _bestState;

    /// <summary>The 0-based epoch after which training stopped, or −1 when it ran to the end.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        if (Read(logs) is not { } value) return;
        if (Improved(value))
        {
            Wait = 0;
            if (restoreBestWeights) _bestState = control.Model.ReadState();
            return;
        }
        if (++Wait < Math.Max(1, patience)) return;
        StoppedEpoch = epoch;
        control.StopTraining = true;
        control.StopReason = $"early stopping: {Monitor} did not improve for {Wait} epochs (best {Best:G6})";
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingControl control)
    {
        if (StoppedEpoch >= 0 && _bestState is not null) control.Model.LoadState(_bestState);
    }
}
