namespace Onnxdl.Runtime;

/// <summary>
/// Sets the learning rate at the start of each epoch from a schedule of (epoch, initial lr). The initial lr is the
/// optimizer's, not the model's current one, so a run resumed from a checkpoint follows the same schedule.
/// </summary>
public class LearningRateScheduler(Func<int, float, float> schedule) : Callback
{
    private float _initial = float.NaN;

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingControl control) => _initial = control.Model.Optimizer?.LearningRate ?? control.LearningRate;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, TrainingControl control) => control.LearningRate = schedule(epoch, _initial);
}
