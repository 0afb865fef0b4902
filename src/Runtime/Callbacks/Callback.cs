namespace Onnxdl.Runtime;

/// <summary>
/// Hooks into <see cref="Model.Fit"/>, Keras-style. Logs map metric names (loss, accuracy, val_loss, …,
/// lr) to values; a callback may stop training through <see cref="TrainingControl"/>.
/// </summary>
public abstract class Callback
{
    public virtual void OnTrainBegin(TrainingControl control) { }
    public virtual void OnEpochBegin(int epoch, TrainingControl control) { }
    /// <summary>The running epoch means so far. <paramref name="logs"/> is one dictionary updated in place every batch (a step allocates nothing): copy it to keep it.</summary>
    public virtual void OnBatchEnd(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs) { }
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control) { }
    public virtual void OnTrainEnd(TrainingControl control) { }
}
