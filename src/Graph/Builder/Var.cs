namespace Onnxdl.Graph;

/// <summary>A value in a graph under construction, referred to by name. <see cref="None"/> is an omitted optional.</summary>
public readonly record struct Var(string Name)
{
    /// <summary>No value: an omitted optional input (e.g. a Conv without bias).</summary>
    public static readonly Var None = new("");
    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => Name.Length == 0;
    /// <inheritdoc/>
    public override string ToString() => Name;
}
