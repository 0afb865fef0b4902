namespace Onnxdl.Runtime;

/// <summary>Sample-weighted running means of a step's scalar outputs over an epoch.</summary>
internal sealed class EpochAccumulator(IReadOnlyList<string> names)
{
    private readonly double[] _sums = new double[names.Count];

    public long Samples { get; private set; }

    public void Add(ReadOnlySpan<float> scalars, int count)
    {
        for (var i = 0; i < _sums.Length; i++) _sums[i] += (double)scalars[i] * count;
        Samples += count;
    }

    public Dictionary<string, double> Means()
    {
        var means = new Dictionary<string, double>(names.Count);
        WriteMeans(means);
        return means;
    }

    /// <summary>Overwrites each name's mean in <paramref name="logs"/>: per-batch logs reuse one dictionary, so a step allocates nothing.</summary>
    public void WriteMeans(Dictionary<string, double> logs)
    {
        for (var i = 0; i < _sums.Length; i++) logs[names[i]] = Samples == 0 ? double.NaN : _sums[i] / Samples;
    }

    /// <summary>The running sums, to put in a mid-epoch checkpoint and restore on resume.</summary>
    public double[] Snapshot() => [.. _sums, Samples];

    /// <summary>Sums every rank's sums (and sample counts), so each rank's means are those over all ranks' samples.</summary>
    public void Reduce(ICommunicator communicator)
    {
        var snapshot = Snapshot();
        communicator.AllReduceSum(snapshot);
        Restore(snapshot);
    }

    public void Restore(double[] snapshot)
    {
        if (snapshot.Length != _sums.Length + 1) return;
        snapshot.AsSpan(0, _sums.Length).CopyTo(_sums);
        Samples = (long)snapshot[^1];
    }
}
