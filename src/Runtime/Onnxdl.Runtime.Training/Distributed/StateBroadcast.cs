using System.Runtime.InteropServices;
using Onnxdl.Graph;

namespace Onnxdl.Runtime;

/// <summary>
/// Makes every rank start from rank 0's state: parameters, optimizer states, running statistics and the progress a
/// resume restored (epoch, step, learning rate, the position in an interrupted epoch), in one broadcast. Only rank 0
/// reads a checkpoint, so the ranks need not share a file system.
/// </summary>
internal static class StateBroadcast
{
    private const int ProgressFields = 4;

    /// <summary>Broadcasts rank 0's state and progress; returns the interrupted epoch's batch and running sums (of <paramref name="sumCount"/> values).</summary>
    public static (int BatchInEpoch, double[] EpochSums) FromRoot(Model model, ICommunicator communicator, int batchInEpoch, double[] epochSums, int sumCount)
    {
        var state = model.ReadState().Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var stateBytes = state.Sum(t => t.Raw.Length);
        var payload = new byte[stateBytes + (ProgressFields + sumCount) * sizeof(double)];
        var progress = MemoryMarshal.Cast<byte, double>(payload.AsSpan(stateBytes));
        if (communicator.Rank == 0)
        {
            var offset = 0;
            foreach (var t in state)
            {
                t.Raw.CopyTo(payload.AsSpan(offset));
                offset += t.Raw.Length;
            }
            (progress[0], progress[1], progress[2], progress[3]) = (model.Epoch, model.Step, model.LearningRate, batchInEpoch);
            epochSums.AsSpan(0, Math.Min(epochSums.Length, sumCount)).CopyTo(progress[ProgressFields..]);
        }
        communicator.Broadcast(payload);
        var received = new Dictionary<string, Tensor>();
        var at = 0;
        foreach (var t in state)
        {
            received[t.Name] = new Tensor(t.Name, t.ElementType, t.Dims, payload.AsSpan(at, t.Raw.Length).ToArray());
            at += t.Raw.Length;
        }
        model.LoadState(received);
        model.Advance((int)progress[0], (long)progress[1]);
        model.LearningRate = (float)progress[2];
        return ((int)progress[3], progress[3] > 0 ? progress[ProgressFields..].ToArray() : []);
    }
}
