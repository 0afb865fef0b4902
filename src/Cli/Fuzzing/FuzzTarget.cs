using Onnxdl.Augment;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// What a fuzzing campaign feeds its inputs to: <see cref="Verdict"/> returns the verdict of an input it accepts or
/// judges; <see cref="Refusal"/> names the verdict for an exception the contract allows (null for any other, a violation).
/// </summary>
internal sealed record FuzzTarget(string Name, Func<byte[], string, string> Verdict, Func<Exception, string, string?> Refusal)
{
    /// <summary><see cref="ModelSerializer.Parse"/> then <see cref="ModelChecker.Check"/>: valid, invalid, or an <see cref="OnnxFormatException"/> naming the input.</summary>
    public static FuzzTarget Models { get; } = new("models",
        (bytes, name) => ModelChecker.Check(ModelSerializer.Parse(bytes, name)).Count == 0 ? "valid" : "invalid",
        (e, name) => e is OnnxFormatException && e.Message.Contains(name, StringComparison.Ordinal) ? "format error" : null);

    /// <summary><see cref="ImageDecoder.Decode(ReadOnlySpan{byte}, string)"/>: decoded, or a <see cref="DataException"/> whose path and message name the input.</summary>
    public static FuzzTarget Images { get; } = new("images",
        (bytes, name) =>
        {
            using var image = ImageDecoder.Decode(bytes, name);
            return "decoded";
        },
        (e, name) => e is DataException data && data.Path == name && e.Message.Contains(name, StringComparison.Ordinal) ? "refused" : null);
}
