namespace Onnxdl.Graph;

/// <summary>A typed node attribute. Exactly one payload field is set, as <see cref="Kind"/> says.</summary>
public sealed record Attr(string Name, AttrKind Kind)
{
    /// <summary>The value of a <see cref="AttrKind.Float"/> attribute.</summary>
    public float F { get; init; }
    /// <summary>The value of an <see cref="AttrKind.Int"/> attribute.</summary>
    public long I { get; init; }
    /// <summary>The value of a <see cref="AttrKind.String"/> attribute.</summary>
    public string S { get; init; } = "";
    /// <summary>The value of a <see cref="AttrKind.Tensor"/> attribute.</summary>
    public Tensor? T { get; init; }
    /// <summary>The value of a <see cref="AttrKind.Graph"/> attribute (a subgraph).</summary>
    public OnnxGraph? G { get; init; }
    /// <summary>The value of a <see cref="AttrKind.Floats"/> attribute.</summary>
    public float[] Floats { get; init; } = [];
    /// <summary>The value of an <see cref="AttrKind.Ints"/> attribute.</summary>
    public long[] Ints { get; init; } = [];
    /// <summary>The value of a <see cref="AttrKind.Strings"/> attribute.</summary>
    public string[] Strings { get; init; } = [];
    /// <summary>The value of a <see cref="AttrKind.TypeProto"/> attribute.</summary>
    public Proto.TypeProto? Tp { get; init; }

    /// <summary>A float attribute.</summary>
    public static Attr Float(string name, float value) => new(name, AttrKind.Float) { F = value };
    /// <summary>An int attribute.</summary>
    public static Attr Int(string name, long value) => new(name, AttrKind.Int) { I = value };
    /// <summary>A string attribute.</summary>
    public static Attr String(string name, string value) => new(name, AttrKind.String) { S = value };
    /// <summary>A tensor attribute.</summary>
    public static Attr Tensor(string name, Tensor value) => new(name, AttrKind.Tensor) { T = value };
    /// <summary>A subgraph attribute.</summary>
    public static Attr Graph(string name, OnnxGraph value) => new(name, AttrKind.Graph) { G = value };
    /// <summary>A list-of-floats attribute.</summary>
    public static Attr FloatList(string name, params float[] values) => new(name, AttrKind.Floats) { Floats = values };
    /// <summary>A list-of-ints attribute.</summary>
    public static Attr IntList(string name, params long[] values) => new(name, AttrKind.Ints) { Ints = values };
    /// <summary>A list-of-strings attribute.</summary>
    public static Attr StringList(string name, params string[] values) => new(name, AttrKind.Strings) { Strings = values };
    /// <summary>A type attribute.</summary>
    public static Attr Type(string name, Proto.TypeProto value) => new(name, AttrKind.TypeProto) { Tp = value };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        AttrKind.Float => $"{Name}={F}",
        AttrKind.Int => $"{Name}={I}",
        AttrKind.String => $"{Name}=\"{S}\"",
        AttrKind.Floats => $"{Name}=[{string.Join(",", Floats)}]",
        AttrKind.Ints => $"{Name}=[{string.Join(",", Ints)}]",
        AttrKind.Strings => $"{Name}=[{string.Join(",", Strings)}]",
        _ => $"{Name}=<{Kind}>",
    };
}
