namespace Onnxdl.Graph;

/// <summary>A typed node attribute. Exactly one payload field is set, as <see cref="Kind"/> says.</summary>
public sealed record Attr(string Name, AttrKind Kind)
{
    public float F { get; init; }
    public long I { get; init; }
    public string S { get; init; } = "";
    public Tensor? T { get; init; }
    public OnnxGraph? G { get; init; }
    public float[] Floats { get; init; } = [];
    public long[] Ints { get; init; } = [];
    public string[] Strings { get; init; } = [];

    public static Attr Float(string name, float value) => new(name, AttrKind.Float) { F = value };
    public static Attr Int(string name, long value) => new(name, AttrKind.Int) { I = value };
    public static Attr String(string name, string value) => new(name, AttrKind.String) { S = value };
    public static Attr Tensor(string name, Tensor value) => new(name, AttrKind.Tensor) { T = value };
    public static Attr Graph(string name, OnnxGraph value) => new(name, AttrKind.Graph) { G = value };
    public static Attr FloatList(string name, params float[] values) => new(name, AttrKind.Floats) { Floats = values };
    public static Attr IntList(string name, params long[] values) => new(name, AttrKind.Ints) { Ints = values };
    public static Attr StringList(string name, params string[] values) => new(name, AttrKind.Strings) { Strings = values };

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
