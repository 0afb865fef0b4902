using System.Text.RegularExpressions;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// The messages (field name → type) and enums (value names) of a .proto file, read with a small tokenizer: enough of
/// proto3 to check that a text-format configuration uses only the fields and enum values the schema declares.
/// </summary>
internal sealed partial class ProtoSchema
{
    private readonly Dictionary<string, Dictionary<string, string>> _messages = [];
    private readonly Dictionary<string, HashSet<string>> _enums = [];

    public static ProtoSchema Load(string path)
    {
        var schema = new ProtoSchema();
        var tokens = Token().Matches(Comment().Replace(File.ReadAllText(path), "")).Select(m => m.Value).ToList();
        var position = 0;
        while (position < tokens.Count) schema.Declaration(tokens, ref position, scope: "");
        return schema;
    }

    /// <summary>The fields of message <paramref name="message"/> (a full name such as <c>ModelInstanceGroup</c>) with their resolved types.</summary>
    public IReadOnlyDictionary<string, string> Fields(string message) => _messages[message];

    public bool IsEnum(string type) => _enums.ContainsKey(type);

    public IReadOnlySet<string> EnumValues(string type) => _enums[type];

    private void Declaration(List<string> tokens, ref int position, string scope)
    {
        switch (tokens[position])
        {
            case "message": Message(tokens, ref position, Qualify(scope, tokens[position + 1])); break;
            case "enum": Enum(tokens, ref position, Qualify(scope, tokens[position + 1])); break;
            default: SkipStatement(tokens, ref position); break;
        }
    }

    private void Message(List<string> tokens, ref int position, string name)
    {
        var fields = _messages[name] = [];
        var rawTypes = new Dictionary<string, string>();
        position += 3; // message NAME {
        var inOneof = 0;
        while (tokens[position] != "}" || inOneof > 0)
        {
            switch (tokens[position])
            {
                case "message" or "enum": Declaration(tokens, ref position, name); break;
                case "oneof": position += 3; inOneof++; break;
                case "}": position++; inOneof--; break;
                case "option" or "reserved": SkipStatement(tokens, ref position); break;
                default:
                    var start = tokens[position] is "repeated" or "optional" ? position + 1 : position;
                    var type = tokens[start];
                    var end = start + 1;
                    if (type == "map") { end = tokens.IndexOf(">", start) + 1; type = "map"; }
                    rawTypes[tokens[end]] = type;
                    SkipStatement(tokens, ref position);
                    break;
            }
        }
        position++;
        // Types resolve after the body, so nested types declared below their use are found.
        foreach (var (field, type) in rawTypes) fields[field] = Resolve(name, type);
    }

    private void Enum(List<string> tokens, ref int position, string name)
    {
        var values = _enums[name] = [];
        position += 3;
        while (tokens[position] != "}")
        {
            if (tokens[position] != "option" && tokens[position] != "reserved") values.Add(tokens[position]);
            SkipStatement(tokens, ref position);
        }
        position++;
    }

    private string Resolve(string scope, string type)
    {
        for (var s = scope; s.Length > 0; s = s.Contains('.') ? s[..s.LastIndexOf('.')] : "")
            if (_messages.ContainsKey($"{s}.{type}") || _enums.ContainsKey($"{s}.{type}")) return $"{s}.{type}";
        return type;
    }

    private static void SkipStatement(List<string> tokens, ref int position)
    {
        while (tokens[position] is not ";" and not "{") position++;
        if (tokens[position] == "{")
        {
            for (var depth = 0; ; position++)
            {
                if (tokens[position] == "{") depth++;
                else if (tokens[position] == "}" && --depth == 0) break;
            }
        }
        position++;
    }

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"""[^""]*""|[\w.]+|[{}\[\];=<>,()]")]
    private static partial Regex Token();
}
