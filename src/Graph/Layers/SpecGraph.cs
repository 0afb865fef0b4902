namespace Onnxdl.Graph.Layers;

/// <summary>
/// Wires the layers of a functional spec: resolves every "inputs"/"outputs" name, calls the layers in spec
/// order (a layer that names a later one waits for it), and names the layer and the reference when a name is
/// unknown, a reference is cyclic or a layer does not lead to the output.
/// </summary>
internal sealed class SpecGraph
{
    private readonly string _source;
    private readonly IReadOnlyList<SpecLayer> _entries;
    private readonly ModelInput _input;
    private readonly Dictionary<string, int> _byName = [];
    private readonly KerasTensor?[] _tensors;
    private readonly List<int> _visiting = [];

    public SpecGraph(string source, IReadOnlyList<SpecLayer> entries, ModelInput input)
    {
        (_source, _entries, _input) = (source, entries, input);
        _tensors = new KerasTensor?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Name is not { } name) continue;
            if (name == Functional.InputName)
                throw new ModelSpecException($"{entries[i].Context}: the name '{name}' stands for the model input; give the layer another name.");
            if (!_byName.TryAdd(name, i))
                throw new ModelSpecException($"{entries[i].Context}: the layer name '{name}' is already used by layers[{_byName[name]}].");
        }
    }

    /// <summary>The model whose output is the layer named in <paramref name="outputs"/> (one name), or the last layer.</summary>
    public Functional Build(string name, string[]? outputs)
    {
        if (outputs is { Length: > 1 })
            throw new ModelSpecException($"{_source}.outputs: a model has one output, received {outputs.Length} ({string.Join(", ", outputs)}).");
        var output = outputs is [var named] ? Resolve(named, $"{_source}.outputs") : _entries.Count - 1;
        for (var i = 0; i < _entries.Count; i++) Visit(i);
        var used = Used(output);
        for (var i = 0; i < _entries.Count; i++)
            if (!used.Contains(i))
                throw new ModelSpecException(
                    $"{_entries[i].Context} '{Label(i)}': the layer does not lead to the model output '{(output < 0 ? Functional.InputName : Label(output))}'; " +
                    "connect it or remove it.");
        var tensor = output < 0 ? _input.Tensor : _tensors[output]!;
        return ModelSpec.Wrap(_source, () => new Functional(name, _input, tensor));
    }

    /// <summary>Calls entry <paramref name="i"/>'s layer once its inputs exist; a reference back into the entries being called is a cycle.</summary>
    private KerasTensor Visit(int i)
    {
        if (_tensors[i] is { } done) return done;
        var entry = _entries[i];
        if (_visiting.Contains(i))
        {
            var cycle = _visiting.Skip(_visiting.IndexOf(i)).Append(i).Select(Label);
            throw new ModelSpecException($"{entry.Context} '{Label(i)}': cyclic reference {string.Join(" → ", cycle)}.");
        }
        _visiting.Add(i);
        var inputs = Inputs(i).Select(j => j < 0 ? _input.Tensor : Visit(j)).ToArray();
        _visiting.RemoveAt(_visiting.Count - 1);
        return _tensors[i] = ModelSpec.Wrap(entry.Context, () => entry.Layer.Call(inputs));
    }

    /// <summary>The entries (−1 = the model input) that entry <paramref name="i"/> takes.</summary>
    private int[] Inputs(int i) => _entries[i].Inputs is { } names
        ? [.. names.Select(n => Resolve(n, $"{_entries[i].Context} '{Label(i)}'.inputs"))]
        : [i - 1];

    private int Resolve(string name, string context)
    {
        if (name == Functional.InputName) return Functional.ModelInputIndex;
        return _byName.TryGetValue(name, out var index) ? index
            : throw new ModelSpecException(
                $"{context}: no layer named '{name}'; expected '{Functional.InputName}' or one of: {string.Join(", ", _byName.Keys)}.");
    }

    /// <summary>The entries <paramref name="output"/> depends on, itself included.</summary>
    private HashSet<int> Used(int output)
    {
        var used = new HashSet<int>();
        var stack = new Stack<int>([output]);
        while (stack.TryPop(out var i))
            if (i >= 0 && used.Add(i))
                foreach (var j in Inputs(i)) stack.Push(j);
        return used;
    }

    private string Label(int i) => _entries[i].Name ?? _entries[i].Layer.NamePrefix;
}
