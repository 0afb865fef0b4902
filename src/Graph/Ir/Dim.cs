namespace Onnxdl.Graph;

/// <summary>One tensor dimension: a fixed size, a named symbolic size (e.g. the batch "N"), or unknown.</summary>
public readonly record struct Dim(long? Value, string? Param)
{
    public static Dim Of(long value) => new(value, null);
    public static Dim Symbol(string name) => new(null, name);
    public static readonly Dim Unknown = new(null, null);
    public static readonly Dim Batch = Symbol("N");

    public bool IsFixed => Value.HasValue;

    public static implicit operator Dim(long value) => Of(value);

    public override string ToString() => Value?.ToString() ?? Param ?? "?";
}
