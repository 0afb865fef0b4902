using Onnxdl.Augment;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// Gradient accumulation (grad_step → sum → apply_step) against the fused train_step: K micro-batches of one batch must
/// give the update of the whole batch, with uneven micro-batches (the epoch's last batch) weighted by their samples.
/// </summary>
public class GradientAccumulationTests
{
    private const int Samples = 70; // two batches of 32 and a last one of 6: micro-batches 1, 2, 1, 2

    private static ArrayDataset Data()
    {
        var random = new Random(3);
        var features = Enumerable.Range(0, Samples * 36).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, Samples).Select(_ => random.Next(3)).ToArray();
        return new ArrayDataset(features, labels, [1, 6, 6], ["a", "b", "c"]);
    }

    private static (Dictionary<string, Graph.Tensor> Initial, Dictionary<string, Graph.Tensor> State, History History) Train(Optimizer optimizer, int accumulate)
    {
        using var model = new Model(new Graph.Layers.Sequential("acc", Input(6, 6, 1), Conv2D(2, 3, activation: Relu), Flatten(), Dense(3, activation: Softmax)));
        model.Compile(new CategoricalCrossentropy(), optimizer, ["accuracy"], new CompileOptions { Seed = 5 });
        var initial = model.ReadState();
        var history = model.Fit(Data(), new FitOptions { Epochs = 2, BatchSize = 32, Seed = 9, AccumulateSteps = accumulate });
        return (initial, model.ReadState(), history);
    }

    public static TheoryData<string> Optimizers => ["sgd", "adam"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Four_micro_batches_of_eight_give_the_parameters_of_one_batch_of_32(string optimizer)
    {
        var (initial, fused, fusedHistory) = Train(Optimizer.FromName(optimizer, 0.05f), 1);
        var (_, accumulated, accumulatedHistory) = Train(Optimizer.FromName(optimizer, 0.05f), 4);
        Assert.NotEqual(initial["dense_1.kernel"].ToFloats(), fused["dense_1.kernel"].ToFloats());
        Assert.Equal(fused.Keys.Order(), accumulated.Keys.Order());
        foreach (var (name, expected) in fused)
        {
            var (e, a) = (expected.ToFloats(), accumulated[name].ToFloats());
            for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 + 1e-4 * Math.Abs(e[i]), $"{name}[{i}]: fused {e[i]}, accumulated {a[i]}");
        }
        for (var epoch = 0; epoch < 2; epoch++)
            Assert.Equal(fusedHistory["loss"][epoch], accumulatedHistory["loss"][epoch], 5);
    }

    [Fact]
    public void More_micro_batches_than_samples_is_refused_naming_the_option()
    {
        using var model = new Model(new Graph.Layers.Sequential("acc", Input(6, 6, 1), Flatten(), Dense(3, activation: Softmax)));
        model.Compile(new CategoricalCrossentropy(), new Sgd());
        var e = Assert.Throws<ArgumentException>(() => model.Fit(Data(), new FitOptions { BatchSize = 4, AccumulateSteps = 5 }));
        Assert.Contains("accumulate steps", e.Message);
    }
}
