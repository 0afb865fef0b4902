namespace Onnxdl.Runtime;

/// <summary>
/// Stops at the end of an epoch whose logged values include NaN or infinity (e.g. a diverging
/// validation loss). A non-finite training loss always stops at once, with or without this callback.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs, TrainingControl control)
    {
        var bad = logs.FirstOrDefault(kv => !double.IsFinite(kv.Value));
        if (bad.Key is null) return;
        control.StopTraining = true;
        control.StopReason = $"{bad.Key} is {bad.Value} after epoch {epoch + 1}";
    }
}
