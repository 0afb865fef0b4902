namespace Onnxdl.Runtime;

/// <summary>Sets the learning rate at the start of each epoch from a schedule of (epoch, initial lr).</summary>
public class LearningRateScheduler(Func<int, float, float> schedule) : Callback
{
    private float _initial = float.NaN;

    public override void OnTrainBegin(TrainingControl control) => _initial = control.LearningRate;

    public override void OnEpochBegin(int epoch, TrainingControl control) => control.LearningRate = schedule(epoch, _initial);
}
