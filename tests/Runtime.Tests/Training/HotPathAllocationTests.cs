using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// A training step allocates no managed memory: batches, their buffers and the per-batch logs are reused.
/// Measured on the training thread between two batches of one epoch, so per-epoch work (the shuffled
/// order, the epoch's logs) is left out, with a callback present so the per-batch logs are built.
/// </summary>
[Collection(AloneCollection.Name)]
public class HotPathAllocationTests
{
    private const int Samples = 2048, BatchSize = 4, From = 100, To = 500;

    [Fact]
    public void A_classification_step_on_an_in_memory_dataset_allocates_nothing()
    {
        var random = new Random(1);
        var features = Enumerable.Range(0, Samples * 4).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, Samples).Select(i => i % 3).ToArray();
        using var model = Compiled(new Sequential("mlp", Input(4), Dense(8, "relu"), Dropout(0.2), Dense(3, "softmax")), new CategoricalCrossentropy());
        var meter = new AllocationMeter();
        model.Fit(new ArrayDataset(features, labels, [4], ["a", "b", "c"]), Options(meter));
        AssertNothingAllocated(meter);
    }

    [Fact]
    public void A_regression_step_on_float_arrays_allocates_nothing()
    {
        var random = new Random(2);
        var x = Enumerable.Range(0, Samples * 2).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, Samples).Select(i => x[2 * i] - x[2 * i + 1]).ToArray();
        using var model = Compiled(new Sequential("line", Input(2), Dense(1)), new MeanSquaredError());
        var meter = new AllocationMeter();
        model.Fit(x, [2], y, 1, Options(meter));
        AssertNothingAllocated(meter);
    }

    private static Model Compiled(Sequential network, Loss loss)
    {
        var model = new Model(network);
        model.Compile(loss, new Adam(), options: new CompileOptions { Seed = 5 });
        return model;
    }

    private static FitOptions Options(AllocationMeter meter) => new() { Epochs = 1, BatchSize = BatchSize, Callbacks = [meter] };

    private static void AssertNothingAllocated(AllocationMeter meter)
    {
        Assert.True(meter.Bytes is not null, "the meter saw both batches");
        var perStep = (double)meter.Bytes!.Value / (To - From);
        Assert.True(perStep < 1, $"{meter.Bytes} bytes allocated over {To - From} steps ({perStep:F1} per step)");
    }

    /// <summary>Reads the training thread's allocation counter after batches <see cref="From"/> and <see cref="To"/>.</summary>
    private sealed class AllocationMeter : Callback
    {
        private long _start;
        public long? Bytes { get; private set; }

        public override void OnBatchEnd(int epoch, int batch, int batches, IReadOnlyDictionary<string, double> logs)
        {
            if (batch == From) _start = GC.GetAllocatedBytesForCurrentThread();
            if (batch == To) Bytes = GC.GetAllocatedBytesForCurrentThread() - _start;
        }
    }
}
