using System.Text.Json.Serialization;

namespace Onnxdl.Graph.Optimizers;

/// <summary>
/// An optimizer as a graph fragment (Keras 3 formulas). <see cref="Build"/> appends, for every parameter,
/// the nodes computing its updated value and its updated optimizer state from the current ones:
/// <list type="bullet">
/// <item>the learning rate and the step number are graph inputs (<see cref="LearningRateType"/>,
/// <see cref="StepType"/>); every other hyper-parameter is a constant baked into the graph;</item>
/// <item>each parameter has the state tensors <see cref="StateNames"/> (<c>{param}.{slot}</c>), all with the
/// parameter's shape and element type and all zero before the first step;</item>
/// <item>optional decoupled weight decay (Keras 3: w ← w - lr·wd·w, before the update) and global-norm
/// gradient clipping (every gradient scaled by min(1, clip / ‖all gradients‖₂), before the update).</item>
/// </list>
/// Hyper-parameters are init properties with Keras defaults (<c>new Adam { LearningRate = 3e-4f }</c>);
/// <see cref="ToJson"/> / <see cref="FromJson"/> round-trip them.
/// </summary>
public abstract partial record Optimizer
{
    /// <summary>The learning-rate input: a float32 scalar.</summary>
    public static TensorType LearningRateType { get; } = TensorType.Float();

    /// <summary>
    /// The step input: the 1-based number of the step being taken, an int64 scalar. Integer so that it counts
    /// exactly past 2^24 steps (a float32 step stops at 16,777,216); the bias corrections cast it to float once.
    /// </summary>
    public static TensorType StepType { get; } = TensorType.Int64();

    /// <summary>An optimizer named <paramref name="name"/> with a default learning rate.</summary>
    protected Optimizer(string name, float learningRate)
    {
        Name = name;
        LearningRate = learningRate;
    }

    /// <summary>The name <see cref="FromName"/> knows this optimizer by (<c>adam</c>, <c>sgd</c>, …).</summary>
    [JsonIgnore]
    public string Name { get; }

    /// <summary>The learning rate to feed when nothing schedules it (the fragment reads it from its input).</summary>
    public float LearningRate { get; init; }

    /// <summary>Decoupled weight decay (0 = none): w ← w - lr·wd·w before the update, as Keras 3 applies <c>weight_decay</c>.</summary>
    public float WeightDecay { get; init; }

    /// <summary>When set, all gradients are scaled by min(1, clip / global L2 norm) before the update (Keras <c>global_clipnorm</c>).</summary>
    [JsonPropertyName("global_clipnorm")]
    public float? GlobalClipNorm { get; init; }

    /// <summary>The state slots each parameter needs, in the order <see cref="Build"/> asks for them.</summary>
    public abstract IReadOnlyList<string> StateSlots();

    /// <summary>
    /// State slots that earlier versions stored under another name and scale (none for most optimizers): what
    /// <see cref="UpgradeStates"/> converts when a checkpoint from before the change is loaded.
    /// </summary>
    public virtual IReadOnlyList<SlotUpgrade> SlotUpgrades() => [];

    /// <summary>
    /// Converts, in <paramref name="tensors"/> (a checkpoint's, by name), every state of <paramref name="parameters"/> held
    /// under an earlier slot (<see cref="SlotUpgrades"/>) that the current slot does not hold yet; returns how many.
    /// </summary>
    public int UpgradeStates(IDictionary<string, Tensor> tensors, IEnumerable<string> parameters)
    {
        var upgraded = 0;
        foreach (var parameter in parameters)
            foreach (var (from, to, factor) in SlotUpgrades())
            {
                var (earlier, current) = (StateName(parameter, from), StateName(parameter, to));
                if (tensors.ContainsKey(current) || !tensors.Remove(earlier, out var old)) continue;
                tensors[current] = Scaled(old, factor, current);
                upgraded++;
            }
        return upgraded;
    }

    private static Tensor Scaled(Tensor state, double factor, string name) => state.ElementType switch
    {
        ElementType.Float => Tensor.FromFloats(name, state.Dims, [.. state.ToFloats().Select(v => (float)(v * factor))]),
        ElementType.Double => Tensor.FromDoubles(name, state.Dims, [.. state.ToDoubles().Select(v => v * factor)]),
        _ => throw new NotSupportedException(
            $"State '{state.Name}' is {state.ElementType.OnnxName()}; only float and double states can be converted to '{name}'."),
    };

    /// <summary>The names of <paramref name="parameter"/>'s state tensors (<c>{parameter}.{slot}</c>), in slot order.</summary>
    public IReadOnlyList<string> StateNames(string parameter) => [.. StateSlots().Select(slot => StateName(parameter, slot))];

    /// <summary>The name of parameter <paramref name="parameter"/>'s optimizer state <paramref name="slot"/>, e.g. "dense_1.kernel.adam_m_sum".</summary>
    public static string StateName(string parameter, string slot) => $"{parameter}.{slot}";

    /// <summary>
    /// Appends one update step. <paramref name="stateInput"/> is asked for every state name of every parameter,
    /// in parameter order then slot order, and returns the Var holding that state's current value.
    /// </summary>
    public OptimizerStep Build(GraphBuilder b, Var learningRate, Var step,
        IReadOnlyList<(string Name, Var Param, Var Grad)> parameters, Func<string, Var> stateInput)
    {
        Validate();
        CheckParameters(parameters);
        using var _ = b.BeginScope(Name);
        bool[] flat = [.. parameters.Select(p => NeedsFlatView(b.Graph.TypeOf(p.Param.Name)))];
        Var[] gradViews = [.. parameters.Select((p, i) => View(b, p.Grad, flat[i]))];
        var grads = GlobalClipNorm is { } clip ? GradientClipping.ByGlobalNorm(b, gradViews, clip) : gradViews;
        // w - lr·wd·w as one product w·(1 - lr·wd): one pass over the parameter instead of two.
        var kept = WeightDecay > 0 ? b.Sub(b.Constant(1f, "one"), b.Mul(learningRate, b.Constant(WeightDecay, "weight_decay"))) : (Var?)null;
        var rule = Prepare(b, learningRate, step);
        var slots = StateSlots();

        var updatedParams = new List<UpdatedValue>();
        var updatedStates = new List<UpdatedValue>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, param, _) = parameters[i];
            using var __ = b.BeginScope(name);
            var paramView = View(b, param, flat[i]);
            var states = slots.Select(slot => View(b, stateInput(StateName(name, slot)), flat[i])).ToArray();
            var decayed = kept is { } keep ? b.Mul(paramView, keep) : paramView;
            var (newParam, newStates) = rule(decayed, grads[i], states);
            var shape = flat[i] ? b.Shape(param) : Var.None;
            Var Back(Var value) => flat[i] ? b.Reshape(value, shape) : value;
            updatedParams.Add(new(name, Back(newParam)));
            updatedStates.AddRange(slots.Select((slot, k) => new UpdatedValue(StateName(name, slot), Back(newStates[k]))));
        }
        return new OptimizerStep(updatedParams, updatedStates);
    }

    /// <summary>
    /// Whether a parameter's update runs on flattened views: where its shape has a unit axis (a 1×1 convolution's
    /// [M, C, 1, 1] kernel) or is unknown. ONNX Runtime's CPU broadcast of a scalar over such a tensor goes element by
    /// element: 0.26 ms for [256, 128, 1, 1] · scalar against 0.006 for the same values as [32768], and 0.006 for
    /// [64, 64, 3, 3] (a throwaway harness, minimum of 300 runs); Adam has four such products per parameter. Other shapes
    /// update as they are, because reshaping a result back is a copy when the output is bound to a buffer, as the train
    /// step's are: ~0.2 ms per state each step for the seed CNN's [5408, 128] kernel.
    /// </summary>
    private static bool NeedsFlatView(TensorType? type) =>
        type?.Shape is not { } shape || shape.Count > 1 && shape.Any(d => d.Value is not > 1);

    /// <summary>The value as a vector (a Reshape aliases, no copy) when <paramref name="flat"/>, else as it is.</summary>
    private static Var View(GraphBuilder b, Var value, bool flat) => flat ? b.Reshape(value, [-1]) : value;

    /// <summary>One parameter's update: (parameter after weight decay, clipped gradient, current states in slot order) → (new parameter, new states in slot order).</summary>
    protected delegate (Var Param, Var[] States) UpdateRule(Var param, Var grad, IReadOnlyList<Var> states);

    /// <summary>Emits what every parameter's update shares (constants, bias corrections) and returns the per-parameter rule.</summary>
    protected abstract UpdateRule Prepare(GraphBuilder b, Var learningRate, Var step);

    private void CheckParameters(IReadOnlyList<(string Name, Var Param, Var Grad)> parameters)
    {
        var seen = new HashSet<string>();
        foreach (var (name, param, grad) in parameters)
        {
            if (string.IsNullOrEmpty(name) || param.IsNone || grad.IsNone)
                throw new ArgumentException($"{Name}: parameter '{name}' needs a name, a value and a gradient, received param '{param}', grad '{grad}'.");
            if (!seen.Add(name)) throw new ArgumentException($"{Name}: parameter '{name}' is listed twice.");
        }
    }
}
