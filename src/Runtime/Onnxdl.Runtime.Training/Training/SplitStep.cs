using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Onnxdl.Augment;
using Onnxdl.Graph;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Onnxdl.Runtime;

/// <summary>
/// One optimizer step as grad_step → average → apply_step: for gradient accumulation (K micro-batches) and data parallelism
/// (this rank's share of a global batch). Gradients, proposed states, loss and metrics are summed weighted by samples into
/// one flat buffer, all-reduced in one call, divided by the global sample count and applied, so every rank applies the
/// same update and a step equals one step on the whole batch (for losses that average over the batch).
/// </summary>
internal sealed class SplitStep : IDisposable
{
    private readonly BoundStep _grad;
    private readonly BoundStep _apply;
    private readonly GradientBuffer _gradients;
    /// <summary>Sample-weighted sums: gradients (buffer layout), then loss and metrics, then the stop votes, then the sample count.</summary>
    private readonly float[] _sums;

    private long _steps;
    private long _waitTicks;
    private long _allReduceTicks;
    private long _stepTicks;

    public IReadOnlyList<string> ScalarNames => _grad.ScalarNames;

    /// <summary>Steps run, bytes all-reduced per step and the time it took.</summary>
    public AllReduceStats Stats => new(_steps, _sums.Length * sizeof(float), Stopwatch.GetElapsedTime(0, _waitTicks),
        Stopwatch.GetElapsedTime(0, _allReduceTicks), Stopwatch.GetElapsedTime(0, _stepTicks));
    public float[] Scalars { get; }

    /// <summary>Binds both steps to <paramref name="state"/>; owns the sessions from the call on, also when it throws.</summary>
    public SplitStep(OnnxModel grad, Func<OnnxModel, InferenceSession> open, OnnxModel apply, TrainingState state, bool rebindHostInputs)
    {
        _gradients = new GradientBuffer(grad.Graph, StepContract.Of(grad).GradientMap.Keys);
        try
        {
            _grad = new BoundStep(grad, open(grad), state, rebindHostInputs, _gradients);
            _apply = new BoundStep(apply, open(apply), state, rebindHostInputs, _gradients);
        }
        catch
        {
            Dispose();
            throw;
        }
        Scalars = new float[_grad.ScalarNames.Count];
        _sums = new float[_gradients.Floats.Length + Scalars.Length + 2];
    }

    /// <summary>Whether any rank asked to stop at the last step: all ranks learn it from the same all-reduce, so they stop together.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>
    /// Trains on this rank's share of <paramref name="batch"/> in <paramref name="microBatches"/> parts, then all-reduces and
    /// applies; <paramref name="stop"/> is this rank's vote to stop after this step (see <see cref="StopRequested"/>).
    /// </summary>
    public void Run(Batch batch, int microBatches, ICommunicator? communicator, float lr, long step, long seed, bool stop)
    {
        var start = Stopwatch.GetTimestamp();
        var (rank, size) = communicator is null ? (0, 1) : (communicator.Rank, communicator.Size);
        var gradientCount = _gradients.Floats.Length;
        Array.Clear(_sums);
        var (first, count) = Share(batch.Count, rank, size);
        for (var m = 0; m < microBatches; m++)
        {
            var (offset, rows) = Share(count, m, microBatches);
            if (rows == 0) continue;
            BatchFeeder.Fill(_grad.Prepare(rows), batch, first + offset);
            _grad.Run(lr, step, NoiseSeed(seed, rank * microBatches + m));
            var sums = _sums.AsSpan(0, gradientCount);
            TensorPrimitives.MultiplyAdd(_gradients.Floats, rows, sums, sums);
            for (var i = 0; i < Scalars.Length; i++) _sums[gradientCount + i] += rows * _grad.Scalars[i];
            _sums[^1] += rows;
        }
        _sums[^2] = stop ? 1 : 0;
        var waitStart = Stopwatch.GetTimestamp();
        communicator?.Barrier(); // costs one latency; tells waiting for the slowest rank from moving the bytes
        var reduceStart = Stopwatch.GetTimestamp();
        communicator?.AllReduceSum(_sums);
        _waitTicks += reduceStart - waitStart;
        _allReduceTicks += Stopwatch.GetTimestamp() - reduceStart;
        var samples = _sums[^1];
        StopRequested = _sums[^2] > 0;
        TensorPrimitives.Divide(_sums.AsSpan(0, gradientCount), samples, _gradients.Floats);
        for (var i = 0; i < Scalars.Length; i++) Scalars[i] = _sums[gradientCount + i] / samples;
        _apply.Run(lr, step, seed);
        _stepTicks += Stopwatch.GetTimestamp() - start;
        _steps++;
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> near-equal contiguous parts of <paramref name="count"/> rows.</summary>
    public static (int First, int Count) Share(int count, int part, int parts)
    {
        var first = (int)((long)count * part / parts);
        return (first, (int)((long)count * (part + 1) / parts) - first);
    }

    /// <summary>Each micro-batch of each rank draws its own dropout noise; the first draws what the fused train step would.</summary>
    private static long NoiseSeed(long seed, int microBatch) =>
        microBatch == 0 ? seed : seed ^ (long)SplitMix64.Mix((ulong)microBatch * SplitMix64.Gamma);

    public void Dispose()
    {
        _grad?.Dispose();
        _apply?.Dispose();
        _gradients.Dispose();
    }
}
