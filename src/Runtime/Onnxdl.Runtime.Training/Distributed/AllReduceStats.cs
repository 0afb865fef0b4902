namespace Onnxdl.Runtime;

/// <summary>
/// What a data-parallel fit spent on communication: <paramref name="Steps"/> optimizer steps, each all-reducing
/// <paramref name="BytesPerStep"/> bytes (gradients, proposed states, loss and metrics: one flat buffer). A barrier before
/// each all-reduce separates <paramref name="WaitTime"/> (for the slowest rank) from <paramref name="AllReduceTime"/>
/// (moving and summing the bytes); <paramref name="StepTime"/> is the whole of the steps.
/// </summary>
public sealed record AllReduceStats(long Steps, long BytesPerStep, TimeSpan WaitTime, TimeSpan AllReduceTime, TimeSpan StepTime)
{
    /// <summary>Mean milliseconds per step spent waiting for the slowest rank.</summary>
    public double WaitMsPerStep => Steps == 0 ? 0 : WaitTime.TotalMilliseconds / Steps;

    /// <summary>Mean all-reduce milliseconds per step.</summary>
    public double AllReduceMsPerStep => Steps == 0 ? 0 : AllReduceTime.TotalMilliseconds / Steps;

    /// <summary>Mean milliseconds per whole step (grad steps, all-reduce, apply step).</summary>
    public double StepMsPerStep => Steps == 0 ? 0 : StepTime.TotalMilliseconds / Steps;
}
