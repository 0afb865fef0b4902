namespace Onnxdl.Graph.Layers;

/// <summary>Parsing and naming of <see cref="Padding"/>.</summary>
public static class Paddings
{
    /// <summary>The Keras name: "valid" or "same".</summary>
    public static string KerasName(this Padding padding) => padding == Padding.Same ? "same" : "valid";

    /// <summary>Parses "valid" or "same"; throws naming <paramref name="context"/> otherwise.</summary>
    public static Padding Parse(string value, string context) => value switch
    {
        "valid" => Padding.Valid,
        "same" => Padding.Same,
        _ => throw new ArgumentException($"{context}: unknown padding '{value}', expected \"valid\" or \"same\"."),
    };
}
