namespace Onnxdl.Graph.Layers;

/// <summary>
/// What a layer's <see cref="Layer.Forward(LayerContext, Var)"/> emits into: the builder, the mode, and how parameters are
/// bound. The caller decides whether a parameter is an initializer (export) or a graph input (training
/// step) through the resolver given to the constructor.
/// </summary>
public sealed class LayerContext
{
    private readonly Func<string, Var> _resolve;
    private readonly Dictionary<string, Var> _params = [];
    private readonly Dictionary<string, Var> _stateUpdates = [];

    /// <summary>A context that emits into <paramref name="builder"/>.</summary>
    /// <param name="builder">The builder layers emit their nodes into.</param>
    /// <param name="training">True for the training forward pass (dropout active, batch statistics), false for inference.</param>
    /// <param name="resolve">Called once per parameter name; the result is cached.</param>
    /// <param name="seed">Base seed of random ops (dropout); each layer mixes in its index.</param>
    public LayerContext(GraphBuilder builder, bool training, Func<string, Var> resolve, long seed = 0)
    {
        B = builder;
        Training = training;
        _resolve = resolve;
        Seed = seed;
    }

    /// <summary>The builder the layer emits its nodes into.</summary>
    public GraphBuilder B { get; }

    /// <summary>Training mode: dropout is active and batch normalization uses batch statistics.</summary>
    public bool Training { get; }

    /// <summary>The seed of the network's build, for layers that draw random numbers.</summary>
    public long Seed { get; }

    /// <summary>The value of parameter <paramref name="name"/> ("conv2d_1.kernel").</summary>
    public Var Param(string name)
    {
        if (!_params.TryGetValue(name, out var value)) _params[name] = value = _resolve(name);
        return value;
    }

    /// <summary>Records that state <paramref name="stateName"/> (a non-trainable parameter) becomes <paramref name="newValue"/> after this step.</summary>
    public void UpdateState(string stateName, Var newValue)
    {
        if (!_stateUpdates.TryAdd(stateName, newValue))
            throw new InvalidOperationException($"State '{stateName}' is updated twice in one forward pass.");
    }

    /// <summary>State name → its updated value, in the order layers recorded them.</summary>
    public IReadOnlyDictionary<string, Var> StateUpdates => _stateUpdates;

    /// <summary>Parameters bound so far, in first-use order.</summary>
    public IReadOnlyDictionary<string, Var> BoundParameters => _params;
}
