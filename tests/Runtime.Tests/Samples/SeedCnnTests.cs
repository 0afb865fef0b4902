using Onnxdl.Augment;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Runtime.Tests;

/// <summary>The seed's second program on real data: the seed CNN on a Fashion-MNIST subset.</summary>
public class SeedCnnTests
{
    [Fact]
    public void Reaches_eighty_four_percent_on_a_twenty_thousand_image_subset()
    {
        var train = FashionMnist.Load(train: true, limit: 20_000);
        var test = FashionMnist.Load(train: false);
        using var model = new Model(ModelSpec.Load(Path.Combine(AppContext.BaseDirectory, "models", "cnn.json")));
        model.Compile(new CategoricalCrossentropy(), new Adam(), ["accuracy"], new CompileOptions { Seed = 42 });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var history = model.Fit(train, new FitOptions { Epochs = 2, BatchSize = 32, ValidationSplit = 0.2, Seed = 42 });
        var fitTime = clock.Elapsed;
        var result = model.Evaluate(BatchSource.FromArrays(test), 256);

        Assert.True(result["accuracy"] >= 0.84, $"test accuracy {result["accuracy"]:F4} after {fitTime}; history val_accuracy {string.Join(", ", history["val_accuracy"])}");
        Assert.True(history["loss"][1] < history["loss"][0]);
        Console.WriteLine($"seed CNN 20k/2 epochs: fit {fitTime.TotalSeconds:F1}s, test accuracy {result["accuracy"]:F4}");
    }
}
