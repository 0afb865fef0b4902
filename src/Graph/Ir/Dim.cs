namespace Onnxdl.Graph;

/// <summary>One tensor dimension: a fixed size, a named symbolic size (e.g. the batch "N"), or unknown.</summary>
public readonly record struct Dim(long? Value, string? Param)
{
    /// <summary>A fixed dimension.</summary>
    public static Dim Of(long value) => new(value, null);
    /// <summary>A symbolic dimension (dim_param), e.g. "N".</summary>
    public static Dim Symbol(string name) => new(null, name);
    /// <summary>A dimension with neither value nor name.</summary>
    public static readonly Dim Unknown = new(null, null);
    /// <summary>The batch dimension: the symbol "N".</summary>
    public static readonly Dim Batch = Symbol("N");

    /// <summary>True when the dimension has a fixed value.</summary>
    public bool IsFixed => Value.HasValue;

    /// <summary>A fixed dimension from its value.</summary>
    public static implicit operator Dim(long value) => Of(value);

    /// <inheritdoc/>
    public override string ToString() => Value?.ToString() ?? Param ?? "?";
}
