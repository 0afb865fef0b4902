using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>The seed's first program: Dense(1) fitted to three points with SGD and MSE.</summary>
public class HelloWorldTests
{
    [Fact]
    public void Fits_the_three_points_exactly()
    {
        using var model = new Model(new Sequential("hello_world", Input(2), Dense(1)));
        model.Compile(new MeanSquaredError(), new Sgd { LearningRate = 0.01f }, options: new CompileOptions { Seed = 1 });
        var history = model.Fit([1, 2, 3, 4, 5, 6], [2], [7, 9, 11], 1, new FitOptions { Epochs = 1000, BatchSize = 3 });

        // 1000 full-batch SGD steps at lr 0.01 get close to, not exactly onto, the line of exact fits.
        Assert.True(history["loss"][^1] < 1e-3, $"final loss {history["loss"][^1]}");
        var y = model.Predict([7, 8, 3, 4, -2, 4], 3);
        // Every exact fit of the points has w1 + w2 = 1 and b = 6 − w2, so [7,8] → 13 and [3,4] → 9.
        Assert.InRange(y[0], 12.8f, 13.2f);
        Assert.InRange(y[1], 8.95f, 9.05f);
        var w = model.ReadState()["dense_1.kernel"].ToFloats();
        var b = model.ReadState()["dense_1.bias"].ToFloats()[0];
        Assert.InRange(w[0] + w[1], 0.97f, 1.03f);
        Assert.Equal(-2 * w[0] + 4 * w[1] + b, y[2], 3);
    }
}
