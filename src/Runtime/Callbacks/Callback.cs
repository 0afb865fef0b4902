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

/// <summary>What callbacks may read and change while training runs.</summary>
public sealed class TrainingControl(Model model)
{
    public Model Model { get; } = model;

    /// <summary>Set to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>The learning rate the next steps use: <see cref="Model.LearningRate"/>, its one owner.</summary>
    public float LearningRate
    {
        get => Model.LearningRate;
        set => Model.LearningRate = value;
    }

    /// <summary>Why training stopped early (for the history), if it did.</summary>
    public string? StopReason { get; set; }
}
