namespace Onnx.Runtime;

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

    public Dictionary<string, double> Means(string prefix = "") =>
        names.Select((n, i) => (prefix + n, Samples == 0 ? double.NaN : _sums[i] / Samples)).ToDictionary();

    /// <summary>The running sums, to put in a mid-epoch checkpoint and restore on resume.</summary>
    public double[] Snapshot() => [.. _sums, Samples];

    public void Restore(double[] snapshot)
    {
        if (snapshot.Length != _sums.Length + 1) return;
        snapshot.AsSpan(0, _sums.Length).CopyTo(_sums);
        Samples = (long)snapshot[^1];
    }
}
