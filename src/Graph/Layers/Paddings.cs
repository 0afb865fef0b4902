namespace Onnxdl.Graph.Layers;

public static class Paddings
{
    public static string KerasName(this Padding padding) => padding == Padding.Same ? "same" : "valid";

    public static Padding Parse(string value, string context) => value switch
    {
        "valid" => Padding.Valid,
        "same" => Padding.Same,
        _ => throw new ArgumentException($"{context}: unknown padding '{value}', expected \"valid\" or \"same\"."),
    };
}
