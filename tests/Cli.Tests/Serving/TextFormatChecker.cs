using System.Text.RegularExpressions;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// Reads a protobuf text-format document (<c>field: value</c>, <c>field { … }</c>, <c>field [ … ]</c>) and checks every
/// field name and enum value against a <see cref="ProtoSchema"/>, collecting the problems and the values read.
/// </summary>
internal sealed partial class TextFormatChecker(ProtoSchema schema)
{
    private List<string> _tokens = [];
    private int _position;

    public List<string> Problems { get; } = [];

    /// <summary>Scalar values by dotted field path (<c>input.data_type</c>), in document order.</summary>
    public List<(string Path, string Value)> Values { get; } = [];

    public void Check(string text, string message)
    {
        _tokens = [.. Token().Matches(text).Select(m => m.Value)];
        _position = 0;
        Fields(message, "", end: null);
    }

    private void Fields(string message, string path, string? end)
    {
        while (_position < _tokens.Count && _tokens[_position] != end)
        {
            var field = _tokens[_position++];
            var known = schema.Fields(message).TryGetValue(field, out var type);
            if (!known) Problems.Add($"{message} has no field '{field}'");
            if (_tokens[_position] == ":") _position++;
            Value(type ?? "", $"{path}{field}", known);
        }
        _position++;
    }

    private void Value(string type, string path, bool known)
    {
        switch (_tokens[_position])
        {
            case "{":
                _position++;
                if (known) Fields(type, path + ".", "}");
                else SkipTo("}");
                break;
            case "[":
                _position++;
                while (_tokens[_position] != "]")
                {
                    if (_tokens[_position] == ",") _position++;
                    else Value(type, path, known);
                }
                _position++;
                break;
            default:
                var value = _tokens[_position++];
                if (known && schema.IsEnum(type) && !schema.EnumValues(type).Contains(value)) Problems.Add($"{path}: '{value}' is not a value of {type}");
                Values.Add((path, value.Trim('"')));
                break;
        }
    }

    private void SkipTo(string end)
    {
        for (var depth = 0; _tokens[_position] != end || depth > 0; _position++)
            depth += _tokens[_position] switch { "{" or "[" => 1, "}" or "]" => -1, _ => 0 };
        _position++;
    }

    [GeneratedRegex(@"""[^""]*""|-?[\w.]+|[{}\[\]:,]")]
    private static partial Regex Token();
}
