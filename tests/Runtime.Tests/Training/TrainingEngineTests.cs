using Onnxdl.Graph;

namespace Onnxdl.Runtime.Tests;

public class TrainingEngineTests
{
    private static readonly float[] X = [1, 2, 3, 4, 5, 6];
    private static readonly float[] Y = [7, 9, 11];

    private static TrainingEngine Engine()
    {
        var (train, eval) = HandWrittenSteps.LinearRegression();
        var engine = new TrainingEngine(train, eval, Device.Cpu, allowCpuFallback: false);
        engine.LoadState(new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromFloats("w", [2, 1], [0.1f, -0.2f]),
            ["b"] = Tensor.FromFloats("b", [1], [0f]),
        });
        return engine;
    }

    private static void Step(TrainingEngine engine, long step)
    {
        var batch = engine.Train.Prepare(3);
        X.CopyTo(batch.Input.Floats);
        Y.CopyTo(batch.Target!.Floats);
        engine.Train.Run(lr: 0.01f, step, seed: 42);
    }

    [Fact]
    public void Steps_equal_naive_gradient_descent()
    {
        using var engine = Engine();
        double w1 = 0.1, w2 = -0.2, b = 0;
        for (var step = 1; step <= 50; step++)
        {
            Step(engine, step);
            double gw1 = 0, gw2 = 0, gb = 0;
            for (var i = 0; i < 3; i++)
            {
                var d = X[2 * i] * w1 + X[2 * i + 1] * w2 + b - Y[i];
                gw1 += 2 * X[2 * i] * d / 3; gw2 += 2 * X[2 * i + 1] * d / 3; gb += 2 * d / 3;
            }
            w1 -= 0.01 * gw1; w2 -= 0.01 * gw2; b -= 0.01 * gb;
        }
        var state = engine.ReadState();
        Assert.Equal(w1, state["w"].ToFloats()[0], 3);
        Assert.Equal(w2, state["w"].ToFloats()[1], 3);
        Assert.Equal(b, state["b"].ToFloats()[0], 3);
    }

    [Fact]
    public void Eval_reads_the_current_state_after_each_swap()
    {
        using var engine = Engine();
        for (var step = 1; step <= 3; step++)
        {
            Step(engine, step);
            var trainLossAfter = LossFromState(engine.ReadState());
            var batch = engine.Eval!.Prepare(3);
            X.CopyTo(batch.Input.Floats);
            Y.CopyTo(batch.Target!.Floats);
            engine.Eval.Run(0, 0, 0);
            Assert.Equal(trainLossAfter, engine.Eval.Scalars[0], 3);
        }
    }

    [Fact]
    public void Noise_depends_only_on_seed_and_step()
    {
        float NoiseMean(TrainingEngine e, long step) { Step(e, step); return e.Train.Scalars[1]; }
        using var a = Engine();
        using var b = Engine();
        var first = NoiseMean(a, 1);
        NoiseMean(b, 5);
        Assert.Equal(first, NoiseMean(b, 1));
        Assert.NotEqual(first, NoiseMean(a, 2));
        Assert.InRange(first, 0.05f, 0.95f);
    }

    [Fact]
    public void LoadState_names_a_mis_shaped_tensor()
    {
        using var engine = Engine();
        var e = Assert.Throws<ArgumentException>(() => engine.LoadState(new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromFloats("w", [1, 2], [0f, 0f]),
            ["b"] = Tensor.FromFloats("b", [1], [0f]),
        }));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("[1,2]", e.Message);
    }

    /// <summary>
    /// The eval session fails after the train session, the device allocator, the state buffers and the bound train
    /// step exist: the error names the step, what was built is released, and a new engine works.
    /// </summary>
    [Fact]
    public void A_late_failure_in_the_constructor_names_the_step_and_leaves_nothing_behind()
    {
        var (train, eval) = HandWrittenSteps.LinearRegression();
        eval.Graph.Nodes[^1].OpType = "NotAnOnnxOperator";

        var e = Assert.Throws<OnnxFormatException>(() => new TrainingEngine(train, eval, Device.Cpu, allowCpuFallback: false));

        Assert.Contains($"{eval.Graph.Name}: ONNX Runtime cannot load the step", e.Message);
        Assert.Contains("NotAnOnnxOperator", e.Message);
        using var engine = Engine();
        Step(engine, 1);
        Assert.True(float.IsFinite(engine.Train.Scalars[0]));
    }

    private static double LossFromState(Dictionary<string, Tensor> state)
    {
        var w = state["w"].ToFloats();
        var b = state["b"].ToFloats()[0];
        double sum = 0;
        for (var i = 0; i < 3; i++)
        {
            var d = X[2 * i] * w[0] + X[2 * i + 1] * w[1] + b - Y[i];
            sum += d * d;
        }
        return sum / 3;
    }
}
