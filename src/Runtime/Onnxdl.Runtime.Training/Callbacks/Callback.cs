namespace Onnxdl.Runtime;

/// <summary>
/// Hooks into <see cref="Model.Fit(Onnxdl.Augment.IBatchSource, FitOptions)"/>, Keras-style. Logs map metric names (loss, accuracy, val_loss, …,
/// lr) to values; a callback may stop training through <see cref="TrainingControl"/>.
/// </summary>
public abstract class Callback
{
    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingControl control) { }
    /// <summary>Called before each epoch (0-based <paramref name="epoch"/>).</summary>
    public virtual void OnEpochBegin(int epoch, TrainingControl control) { }
    /// <summary>The running epoch means so far. <paramref name="logs"/> is one dictionary updated in place every batch (a step allocates nothing): copy it to keep it.</summary>
    public virtual void OnBatchEnd(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs) { }
    /// <summary>Called after each epoch with its logs (loss, metrics, val_*, lr).</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) { }
    /// <summary>Called once after the last epoch, also when training stopped early.</summary>
    public virtual void OnTrainEnd(TrainingControl control) { }
}
