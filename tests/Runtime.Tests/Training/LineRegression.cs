using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Runtime.Tests;

/// <summary>The seed's linear regression (y = 2·x₁ + 3 on four points of two features): every step is cheap and predictable.</summary>
internal static class LineRegression
{
    public static readonly float[] X = [1, 2, 3, 4, 5, 6, 7, 8];
    public static readonly float[] Y = [7, 9, 11, 13];

    /// <summary>Dense(1) on two features, compiled with <paramref name="optimizer"/> (SGD at <paramref name="lr"/> by default) and seed 3.</summary>
    public static Model Model(float lr = 0.01f, Optimizer? optimizer = null)
    {
        var model = new Model(new Sequential("line", Input(2), Dense(1)));
        model.Compile(new MeanSquaredError(), optimizer ?? new Sgd { LearningRate = lr }, options: new CompileOptions { Seed = 3 });
        return model;
    }

    public static History Fit(Model model, FitOptions options) => model.Fit(X, [2], Y, 1, options);
}
