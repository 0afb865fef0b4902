using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

/// <summary>Model's single copies: the learning rate (scheduled, checkpointed) and the trained weights (predicted from, exported).</summary>
public class ModelTests
{
    private static readonly float[] X = LineRegression.X;

    private static Model Regression() => LineRegression.Model();

    private static History Fit(Model model, int epochs, params Callback[] callbacks) =>
        LineRegression.Fit(model, new FitOptions { Epochs = epochs, BatchSize = 2, Callbacks = callbacks });

    /// <summary>x·w + b in plain C#, from the weights on the device.</summary>
    private static float[] Line(Model model)
    {
        var state = model.ReadState();
        var (w, b) = (state["dense_1.kernel"].ToFloats(), state["dense_1.bias"].ToFloats()[0]);
        return [.. Enumerable.Range(0, X.Length / 2).Select(i => X[2 * i] * w[0] + X[2 * i + 1] * w[1] + b)];
    }

    [Fact]
    public void Scheduled_learning_rate_is_what_the_checkpoint_restores()
    {
        using var temp = new TempDir();
        var path = temp.File("state.ckpt");
        using var model = Regression();
        var history = Fit(model, 3, new StepDecay(factor: 0.5f, every: 1));
        Assert.Equal(0.01f * 0.25f, model.LearningRate); // epoch 3 ran at lr·0.5²
        Assert.Equal(model.LearningRate, history["lr"][^1], 6);
        model.SaveCheckpoint(path);

        using var resumed = Regression();
        Assert.Equal(0.01f, resumed.LearningRate);
        resumed.LoadCheckpoint(path);
        Assert.Equal(0.01f * 0.25f, resumed.LearningRate);
        Assert.Equal((3, model.Step), (resumed.Epoch, resumed.Step));
    }

    [Fact]
    public void A_scheduled_run_resumed_from_a_checkpoint_keeps_the_schedule()
    {
        using var dir = new TempDir();
        using var uninterrupted = Regression();
        var expected = Fit(uninterrupted, 3, new StepDecay(factor: 0.5f, every: 1));

        using var first = Regression();
        Fit(first, 2, new StepDecay(factor: 0.5f, every: 1), new ModelCheckpoint(dir.File("last.ckpt")));
        using var resumed = Regression();
        var rest = LineRegression.Fit(resumed, new FitOptions
        {
            Epochs = 3, BatchSize = 2, ResumeFrom = dir.File("last.ckpt"), Callbacks = [new StepDecay(factor: 0.5f, every: 1)],
        });

        Assert.Equal(expected["lr"].Skip(2), rest["lr"]);
        Assert.Equal(uninterrupted.ReadState()["dense_1.kernel"].ToFloats(), resumed.ReadState()["dense_1.kernel"].ToFloats());
    }

    /// <summary>
    /// Checkpoints written before Adam kept decayed sums hold Keras' moments m and v under <c>adam_m</c>/<c>adam_v</c>: such
    /// a checkpoint (made here from a current one by the documented relation m = (1-β₁)·m̃, v = (1-β₂)·ṽ) resumes the same run.
    /// </summary>
    [Fact]
    public void A_checkpoint_with_Keras_adam_moments_resumes_the_same_run()
    {
        using var dir = new TempDir();
        Model Adam() => LineRegression.Model(optimizer: new Onnxdl.Graph.Optimizers.Adam { LearningRate = 0.05f, Beta1 = 0.8f });
        using var uninterrupted = Adam();
        Fit(uninterrupted, 3);

        using var first = Adam();
        Fit(first, 2, new ModelCheckpoint(dir.File("last.ckpt")));
        var checkpoint = Checkpoint.Load(dir.File("last.ckpt"));
        foreach (var (slot, keep) in new[] { ("adam_m", 0.2), ("adam_v", 0.001) })
            foreach (var sum in checkpoint.Tensors.Values.Where(t => t.Name.EndsWith($".{slot}_sum", StringComparison.Ordinal)).ToList())
            {
                var keras = sum.Name[..^"_sum".Length];
                checkpoint.Tensors.Remove(sum.Name);
                checkpoint.Tensors[keras] = Tensor.FromFloats(keras, sum.Dims, [.. sum.ToFloats().Select(v => (float)(v * keep))]);
            }
        Assert.Contains("dense_1.kernel.adam_v", checkpoint.Tensors.Keys);
        checkpoint.Save(dir.File("keras.ckpt"));

        using var resumed = Adam();
        LineRegression.Fit(resumed, new FitOptions { Epochs = 3, BatchSize = 2, ResumeFrom = dir.File("keras.ckpt") });
        Assert.Equal(uninterrupted.ReadState()["dense_1.kernel"].ToFloats(), resumed.ReadState()["dense_1.kernel"].ToFloats(),
            new FloatTolerance(1e-5f));
        Assert.NotEqual(first.ReadState()["dense_1.kernel"].ToFloats(), resumed.ReadState()["dense_1.kernel"].ToFloats());
    }

    [Fact]
    public void Control_sets_the_models_learning_rate()
    {
        using var model = Regression();
        new TrainingControl(model).LearningRate = 0.5f;
        Assert.Equal(0.5f, model.LearningRate);
    }

    [Fact]
    public void Predict_follows_training_and_leaves_the_network_alone()
    {
        using var model = Regression();
        var initial = model.Network.Parameters["dense_1.kernel"].ToFloats();
        Fit(model, 1);
        var first = model.Predict(X, 4);
        Assert.Equal(Line(model), first, new FloatTolerance(1e-5f));

        Fit(model, 2);
        var second = model.Predict(X, 4);
        Assert.Equal(Line(model), second, new FloatTolerance(1e-5f));
        Assert.NotEqual(first, second);

        var exported = model.ToOnnx().Graph.Initializers.Single(t => t.Name == "dense_1.kernel").ToFloats();
        Assert.Equal(model.ReadState()["dense_1.kernel"].ToFloats(), exported);
        Assert.Equal(initial, model.Network.Parameters["dense_1.kernel"].ToFloats());
        model.SyncNetworkWeights();
        Assert.Equal(model.ReadState()["dense_1.kernel"].ToFloats(), model.Network.Parameters["dense_1.kernel"].ToFloats());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(float value) => 0;
    }
}
