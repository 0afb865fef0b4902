namespace Onnxdl.Graph.Optimizers;

/// <summary>The outputs of <see cref="Optimizer.Build"/>: updated parameters in input order, updated states in <see cref="Optimizer.StateNames"/> order.</summary>
public sealed record OptimizerStep(IReadOnlyList<UpdatedValue> Parameters, IReadOnlyList<UpdatedValue> States)
{
    /// <summary>The current value of the parameter named <paramref name="name"/>; throws naming it when unknown.</summary>
    public Var Parameter(string name) => Find(Parameters, name, "parameter");
    /// <summary>The current value of the state named <paramref name="name"/>; throws naming it when unknown.</summary>
    public Var State(string name) => Find(States, name, "state");

    private static Var Find(IReadOnlyList<UpdatedValue> values, string name, string kind) =>
        values.FirstOrDefault(v => v.Name == name) is { Name: not null } found
            ? found.Value
            : throw new KeyNotFoundException($"The optimizer step has no {kind} '{name}'. It has: {string.Join(", ", values.Select(v => v.Name))}.");
}
