namespace Onnxdl.Runtime;

/// <summary>
/// The few collective operations data-parallel training needs, over the processes of one job (ranks 0 … Size − 1).
/// Every rank must make the same calls in the same order. <see cref="MpiCommunicator"/> runs them on OpenMPI.
/// </summary>
public interface ICommunicator
{
    /// <summary>This process's number, 0 … <see cref="Size"/> − 1; rank 0 alone writes files.</summary>
    int Rank { get; }

    /// <summary>The number of processes in the job.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over all ranks.</summary>
    void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over all ranks.</summary>
    void AllReduceSum(Span<double> values);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();

    /// <summary>Copies rank 0's <paramref name="data"/> into every other rank's (same length everywhere).</summary>
    void Broadcast(Span<byte> data);

    /// <summary>Ends every process of the job with <paramref name="exitCode"/> after writing <paramref name="message"/> to stderr, naming this rank.</summary>
    void Abort(string message, int exitCode);
}
