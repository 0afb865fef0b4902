namespace Onnxdl.Graph;

/// <summary>A value in a graph under construction, referred to by name. <see cref="None"/> is an omitted optional.</summary>
public readonly record struct Var(string Name)
{
    public static readonly Var None = new("");
    public bool IsNone => Name.Length == 0;
    public override string ToString() => Name;
}
