using Onnxdl.Graph.Optimizers;

namespace Onnxdl.Graph.Tests.Training;

public class OptimizerTests
{
    /// <summary>
    /// Parameters of different shapes, so the global norm spans tensors; a 1×1 convolution's kernel, whose last axes are 1,
    /// because the update runs on flattened views and must come back in the parameter's shape.
    /// </summary>
    private static readonly (string Name, long[] Shape)[] Params = [("dense.kernel", [3, 2]), ("dense.bias", [2]), ("conv.kernel", [2, 3, 1, 1])];

    private const float LearningRate = 0.05f;

    // ---- Keras 3 formulas, written out per element in double precision ----

    /// <summary>One element's update: (w, g, states, lr, t) → new w; states updated in place.</summary>
    private delegate double ReferenceRule(double w, double g, double[] s, double lr, int t);

    private static ReferenceRule SgdReference(double momentum, bool nesterov) => (w, g, s, lr, _) =>
    {
        if (momentum == 0) return w - lr * g;
        s[0] = momentum * s[0] - lr * g;
        return nesterov ? w + momentum * s[0] - lr * g : w + s[0];
    };

    private static ReferenceRule AdamReference(double b1 = 0.9, double b2 = 0.999, double eps = 1e-7) => (w, g, s, lr, t) =>
    {
        s[0] = b1 * s[0] + (1 - b1) * g;
        s[1] = b2 * s[1] + (1 - b2) * g * g;
        var alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
        return w - alpha * s[0] / (Math.Sqrt(s[1]) + eps);
    };

    private static ReferenceRule RmsPropReference(double rho, double momentum, bool centered, double eps = 1e-7) => (w, g, s, lr, _) =>
    {
        s[0] = rho * s[0] + (1 - rho) * g * g;
        var denominator = s[0] + eps;
        if (centered)
        {
            s[1] = rho * s[1] + (1 - rho) * g;
            denominator -= s[1] * s[1];
        }
        var increment = lr * g / Math.Sqrt(denominator);
        if (momentum == 0) return w - increment;
        s[^1] = momentum * s[^1] + increment;
        return w - s[^1];
    };

    /// <summary>
    /// <paramref name="StoredScales"/>: per slot, the stored state over the reference's (Keras') state, 1 when absent. Adam keeps
    /// the decayed sums m/(1-β₁) and v/(1-β₂).
    /// </summary>
    private sealed record Case(Optimizer Optimizer, ReferenceRule Rule, double WeightDecay = 0, double? ClipNorm = null, double[]? StoredScales = null);

    private static double[] AdamSums(double b1 = 0.9, double b2 = 0.999) => [1 / (1 - b1), 1 / (1 - b2)];

    private static Case CaseFor(string id) => id switch
    {
        "sgd" => new(new Sgd { LearningRate = LearningRate }, SgdReference(0, false)),
        "sgd_momentum" => new(new Sgd { LearningRate = LearningRate, Momentum = 0.9f }, SgdReference(0.9, false)),
        "sgd_nesterov_decay" => new(new Sgd { LearningRate = LearningRate, Momentum = 0.8f, Nesterov = true, WeightDecay = 0.1f },
            SgdReference(0.8, true), WeightDecay: 0.1),
        "adam" => new(new Adam { LearningRate = LearningRate }, AdamReference(), StoredScales: AdamSums()),
        "adam_clipped" => new(new Adam { LearningRate = LearningRate, Beta1 = 0.8f, GlobalClipNorm = 0.5f },
            AdamReference(b1: 0.8), ClipNorm: 0.5, StoredScales: AdamSums(b1: 0.8)),
        "adamw" => new(new AdamW { LearningRate = LearningRate }, AdamReference(), WeightDecay: 0.004, StoredScales: AdamSums()),
        "rmsprop" => new(new RmsProp { LearningRate = LearningRate }, RmsPropReference(0.9, 0, false)),
        "rmsprop_centered_momentum" => new(new RmsProp { LearningRate = LearningRate, Rho = 0.8f, Momentum = 0.5f, Centered = true },
            RmsPropReference(0.8, 0.5, true)),
        "sgd_clip_inactive" => new(new Sgd { LearningRate = LearningRate, GlobalClipNorm = 100f }, SgdReference(0, false), ClipNorm: 100),
        _ => throw new ArgumentException(id),
    };

    /// <summary>Reference for one step of all parameters: decay, then global-norm clipping, then the rule.</summary>
    private static void ReferenceStep(Case c, double[][] w, double[][] g, double[][][] states, int t)
    {
        var scale = 1.0;
        if (c.ClipNorm is { } clip)
            scale = Math.Min(1, clip / Math.Sqrt(g.Sum(x => x.Sum(v => v * v))));
        for (var p = 0; p < w.Length; p++)
            for (var i = 0; i < w[p].Length; i++)
            {
                var decayed = w[p][i] - LearningRate * c.WeightDecay * w[p][i];
                var s = states[p].Select(slot => slot[i]).ToArray();
                w[p][i] = c.Rule(decayed, g[p][i] * scale, s, LearningRate, t);
                for (var k = 0; k < s.Length; k++) states[p][k][i] = s[k];
            }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov_decay")]
    [InlineData("adam")]
    [InlineData("adam_clipped")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop_centered_momentum")]
    [InlineData("sgd_clip_inactive")]
    public void Three_steps_feeding_outputs_back_match_Keras_formulas(string id)
    {
        var c = CaseFor(id);
        var rng = new Random(id.Length);
        var slots = c.Optimizer.StateSlots();
        var w = Params.Select(p => TestData.Uniform(rng, Size(p.Shape), -1, 1)).ToArray();
        var states = Params.Select(p => slots.Select(_ => new float[Size(p.Shape)]).ToArray()).ToArray();
        var refW = w.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        var refStates = states.Select(s => s.Select(x => new double[x.Length]).ToArray()).ToArray();

        var run = new FragmentRunner();
        var lr = run.Input("lr", Feed.Scalar(LearningRate));
        var step = run.Input("step", Feed.Scalar(1L));
        var inputs = Params.Select((p, i) => (p.Name, Param: run.Input(p.Name, Feed.Of(p.Shape, w[i])),
            Grad: run.Input(p.Name + ".grad", ZerosLike(p.Shape)))).ToList();
        var stateNames = Params.SelectMany(p => c.Optimizer.StateNames(p.Name)).ToList();
        var result = c.Optimizer.Build(run.B, lr, step, inputs,
            name => run.Input(name, ZerosLike(Params.First(p => name.StartsWith(p.Name + ".")).Shape)));
        foreach (var p in Params) run.Output(result.Parameter(p.Name), "new." + p.Name);
        foreach (var name in stateNames) run.Output(result.State(name), "new." + name);

        for (var t = 1; t <= 3; t++)
        {
            // Large gradients on the first step make the 0.5 global clip bite.
            var g = Params.Select(p => TestData.Uniform(rng, Size(p.Shape), -2, 2)).ToArray();
            run.Feed("step", Feed.Scalar((long)t));
            for (var i = 0; i < Params.Length; i++)
            {
                run.Feed(Params[i].Name, Feed.Of(Params[i].Shape, w[i]));
                run.Feed(Params[i].Name + ".grad", Feed.Of(Params[i].Shape, g[i]));
                for (var k = 0; k < slots.Count; k++)
                    run.Feed(Optimizer.StateName(Params[i].Name, slots[k]), Feed.Of(Params[i].Shape, states[i][k]));
            }
            var outputs = run.Run();
            ReferenceStep(c, refW, [.. g.Select(x => x.Select(v => (double)v).ToArray())], refStates, t);

            for (var i = 0; i < Params.Length; i++)
            {
                w[i] = outputs["new." + Params[i].Name];
                Assert.Equal(Params[i].Shape, run.Shapes["new." + Params[i].Name]);
                TestData.Near(refW[i], w[i], relative: 1e-4, absolute: 1e-5);
                for (var k = 0; k < slots.Count; k++)
                {
                    var state = "new." + Optimizer.StateName(Params[i].Name, slots[k]);
                    Assert.Equal(Params[i].Shape, run.Shapes[state]);
                    states[i][k] = outputs[state];
                    var scale = c.StoredScales?[k] ?? 1;
                    TestData.Near([.. refStates[i][k].Select(v => v * scale)], states[i][k], relative: 1e-4, absolute: 1e-5);
                }
            }
        }
        Assert.Contains(refW[0], v => Math.Abs(v) > 1e-3); // the parameters moved and stayed meaningful
    }

    /// <summary>
    /// Only a kernel with a unit axis updates on flattened views (ORT's scalar broadcast over it is slow). Every other
    /// parameter's updated value and states come straight from the update's last op: the train step binds them to buffers,
    /// so a Reshape back to the parameter's shape would copy them each step.
    /// </summary>
    [Fact]
    public void Only_a_parameter_with_a_unit_axis_is_reshaped_back()
    {
        var b = new GraphBuilder("adam_views");
        var adam = new Adam();
        var inputs = Params.Select(p => (p.Name, Param: b.Input(p.Name, ZerosLike(p.Shape).Type),
            Grad: b.Input(p.Name + ".grad", ZerosLike(p.Shape).Type))).ToList();
        var result = adam.Build(b, b.Input("lr", Optimizer.LearningRateType), b.Input("step", Optimizer.StepType), inputs,
            name => b.Input(name, ZerosLike(Params.First(p => name.StartsWith(p.Name + ".")).Shape).Type));
        var producers = b.Graph.Producers();
        foreach (var p in Params)
        {
            Var[] updated = [result.Parameter(p.Name), .. adam.StateNames(p.Name).Select(result.State)];
            var reshapedBack = p.Shape.Length > 1 && p.Shape.Contains(1);
            Assert.All(updated, v => Assert.Equal(reshapedBack, producers[v.Name].OpType == "Reshape"));
        }
    }

    private static int Size(long[] shape) => (int)shape.Aggregate(1L, (a, d) => a * d);

    private static Feed ZerosLike(long[] shape) => Feed.Of(shape, new float[Size(shape)]);

    [Fact]
    public void State_names_follow_the_slot_convention()
    {
        Assert.Equal(["w.adam_m_sum", "w.adam_v_sum"], new Adam().StateNames("w"));
        Assert.Equal(["w.adam_m_sum", "w.adam_v_sum"], new AdamW().StateNames("w"));
        Assert.Empty(new Sgd().StateNames("w"));
        Assert.Equal(["w.momentum"], new Sgd { Momentum = 0.9f }.StateNames("w"));
        Assert.Equal(["w.rmsprop_v"], new RmsProp().StateNames("w"));
        Assert.Equal(["w.rmsprop_v", "w.rmsprop_mg", "w.momentum"], new RmsProp { Centered = true, Momentum = 0.1f }.StateNames("w"));
    }

    [Fact]
    public void Defaults_are_Keras()
    {
        var adam = Assert.IsType<Adam>(Optimizer.FromName("adam"));
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-7f, 0f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        Assert.Equal(0.004f, Assert.IsType<AdamW>(Optimizer.FromName("adamw")).WeightDecay);
        var rms = Assert.IsType<RmsProp>(Optimizer.FromName("rmsprop"));
        Assert.Equal((1e-3f, 0.9f, 0f, 1e-7f, false), (rms.LearningRate, rms.Rho, rms.Momentum, rms.Epsilon, rms.Centered));
        var sgd = Assert.IsType<Sgd>(Optimizer.FromName("SGD", learningRate: 0.1f));
        Assert.Equal((0.1f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
    }

    [Fact]
    public void FromName_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizer.FromName("adagrad"));
        Assert.Contains("'adagrad'", e.Message);
        foreach (var name in Optimizer.Names) Assert.Contains(name, e.Message);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("sgd")]
    public void JSON_round_trips_every_hyper_parameter(string name)
    {
        var optimizer = Optimizer.FromName(name, 0.25f) with { GlobalClipNorm = 2f, WeightDecay = 0.5f };
        var json = optimizer.ToJson();
        Assert.StartsWith($"{{\"name\":\"{name}\"", json);
        Assert.Contains("\"learning_rate\":0.25", json);
        Assert.Equal(optimizer, Optimizer.FromJson(json));
    }

    [Fact]
    public void JSON_uses_Keras_keys_and_keeps_defaults_for_missing_fields()
    {
        Assert.Contains("\"beta_1\":0.9", new Adam().ToJson());
        var sgd = Assert.IsType<Sgd>(Optimizer.FromJson("{\"momentum\":0.5,\"name\":\"sgd\"}"));
        Assert.Equal((0.01f, 0.5f), (sgd.LearningRate, sgd.Momentum));
    }

    [Theory]
    [InlineData("{\"name\":\"adagrad\"}", "adagrad")]
    [InlineData("{\"name\":\"adam\",\"beta1\":0.9}", "beta1")]
    [InlineData("{\"name\":\"adam\",\"beta_1\":1.5}", "beta_1")]
    [InlineData("{\"name\":\"sgd\",\"learning_rate\":-1}", "learning_rate")]
    public void Bad_JSON_names_the_problem(string json, string culprit)
    {
        var e = Record.Exception(() => Optimizer.FromJson(json, "ckpt/optimizer.json"));
        Assert.True(e is FormatException or ArgumentException, e?.ToString());
        Assert.Contains(culprit, e!.Message);
    }

    [Fact]
    public void Duplicate_parameters_are_rejected()
    {
        var b = new GraphBuilder("g");
        var w = b.Input("w", TensorType.Float(2));
        var e = Assert.Throws<ArgumentException>(() => new Sgd().Build(b, b.Input("lr", Optimizer.LearningRateType),
            b.Input("step", Optimizer.StepType), [("w", w, w), ("w", w, w)], _ => throw new InvalidOperationException()));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void Adam_starts_from_non_zero_states_at_a_later_step()
    {
        var run = new FragmentRunner();
        var w = run.Input("w", Feed.Scalar(1f));
        // Keras' m = 0.1 and v = 0.01 as the decayed sums m/(1-β₁) and v/(1-β₂).
        var states = new Dictionary<string, Feed> { ["w.adam_m_sum"] = Feed.Scalar(1f), ["w.adam_v_sum"] = Feed.Scalar(10f) };
        var result = new Adam().Build(run.B, run.Input("lr", Feed.Scalar(0.01f)), run.Input("step", Feed.Scalar(2L)),
            [("w", w, run.Input("g", Feed.Scalar(0.5f)))], name => run.Input(name, states[name]));
        run.Output(result.Parameter("w"), "w_new");
        double m = 0.9 * 0.1 + 0.1 * 0.5, v = 0.999 * 0.01 + 0.001 * 0.25;
        var alpha = 0.01 * Math.Sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
        TestData.Near(1 - alpha * m / (Math.Sqrt(v) + 1e-7), run.Run()["w_new"][0]);
    }

    [Fact]
    public void A_checkpoint_with_Keras_moments_is_converted_to_the_decayed_sums()
    {
        var adam = new Adam { Beta1 = 0.8f };
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromFloats("w", [2], [1f, 2f]),
            ["w.adam_m"] = Tensor.FromFloats("w.adam_m", [2], [0.1f, -0.2f]),
            ["w.adam_v"] = Tensor.FromFloats("w.adam_v", [2], [0.01f, 0.04f]),
            ["b.adam_m_sum"] = Tensor.FromFloats("b.adam_m_sum", [1], [3f]),
            ["b.adam_v_sum"] = Tensor.FromFloats("b.adam_v_sum", [1], [4f]),
        };

        Assert.Equal(2, adam.UpgradeStates(tensors, ["w", "b"]));

        Assert.Equal(["b.adam_m_sum", "b.adam_v_sum", "w", "w.adam_m_sum", "w.adam_v_sum"], tensors.Keys.Order());
        TestData.Near([0.1 / 0.2, -0.2 / 0.2], tensors["w.adam_m_sum"].ToFloats());
        TestData.Near([0.01 / 0.001, 0.04 / 0.001], tensors["w.adam_v_sum"].ToFloats(), relative: 1e-4);
        Assert.Equal("w.adam_v_sum", tensors["w.adam_v_sum"].Name);
        Assert.Equal([3f], tensors["b.adam_m_sum"].ToFloats()); // already current: left alone
        Assert.Equal(0, new Sgd { Momentum = 0.9f }.UpgradeStates(tensors, ["w", "b"]));
    }
}
