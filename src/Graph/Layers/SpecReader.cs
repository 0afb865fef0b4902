using System.Text.Json;

namespace Onnxdl.Graph.Layers;

/// <summary>
/// Reads one JSON object of a model spec, field by field, remembering which fields were asked for so that
/// <see cref="Finish"/> can reject unknown ones. Every error names <see cref="Context"/> and the field.
/// </summary>
internal sealed class SpecReader
{
    private const string PositiveInteger = "a positive integer";
    private const string SizeText = "a positive integer or [height, width]";

    private readonly JsonElement _object;
    private readonly List<string> _known = [];

    public SpecReader(JsonElement obj, string context)
    {
        Context = context;
        if (obj.ValueKind != JsonValueKind.Object)
            throw new ModelSpecException($"{context}: expected a JSON object, received {Describe(obj)}.");
        _object = obj;
    }

    /// <summary>Where this object sits, e.g. "layers[2] (Conv2D)".</summary>
    public string Context { get; }

    public int PositiveInt(string field, int? fallback = null) => Field(field) is { } e
        ? AsPositiveInt(e) ?? throw Invalid(field, PositiveInteger, e)
        : fallback ?? throw Missing(field, PositiveInteger);

    public int Int(string field, int fallback) => Field(field) is { } e
        ? e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw Invalid(field, "an integer", e)
        : fallback;

    public double Number(string field, double? fallback = null) => Field(field) is { } e
        ? e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Invalid(field, "a number", e)
        : fallback ?? throw Missing(field, "a number");

    public bool Bool(string field, bool fallback) => Field(field) is { } e
        ? e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw Invalid(field, "true or false", e)
        : fallback;

    public string? OptionalString(string field) => Field(field) is { } e
        ? e.ValueKind == JsonValueKind.String ? e.GetString() : throw Invalid(field, "a string", e)
        : null;

    /// <summary>A size: one positive integer (square) or [height, width]; null when absent.</summary>
    public Size2? OptionalSize(string field)
    {
        if (Field(field) is not { } e) return null;
        if (AsPositiveInt(e) is { } square) return square;
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && AsPositiveInt(e[0]) is { } h && AsPositiveInt(e[1]) is { } w)
            return new Size2(h, w);
        throw Invalid(field, SizeText, e);
    }

    public Size2 Size(string field, Size2? fallback = null) =>
        OptionalSize(field) ?? fallback ?? throw Missing(field, SizeText);

    /// <summary>
    /// Keras' 2-D padding: n (every side), [h, w] (symmetric) or [[top, bottom], [left, right]], each ≥ 0;
    /// <paramref name="fallback"/> on every side when absent.
    /// </summary>
    public (int Top, int Bottom, int Left, int Right) Padding2D(string field, int fallback)
    {
        const string expected = "n, [h, w] or [[top, bottom], [left, right]] of integers ≥ 0";
        if (Field(field) is not { } e) return (fallback, fallback, fallback, fallback);
        static int? Count(JsonElement v) => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0 ? n : null;
        static (int, int)? Pair(JsonElement v) =>
            v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2 && Count(v[0]) is { } a && Count(v[1]) is { } b ? (a, b) : null;
        if (Count(e) is { } all) return (all, all, all, all);
        if (Pair(e) is var (h, w)) return (h, h, w, w);
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && Pair(e[0]) is var (top, bottom) && Pair(e[1]) is var (left, right))
            return (top, bottom, left, right);
        throw Invalid(field, expected, e);
    }

    /// <summary>A list of names (a layer's "inputs", the model's "outputs"); null when absent.</summary>
    public string[]? OptionalNames(string field)
    {
        if (Field(field) is not { } e) return null;
        const string expected = "a non-empty array of layer names";
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0) throw Invalid(field, expected, e);
        return [.. e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Invalid(field, expected, e))];
    }

    /// <summary>A list of positive integers (an input shape).</summary>
    public int[] PositiveInts(string field)
    {
        var e = Field(field) ?? throw Missing(field, "an array of positive integers");
        if (e.ValueKind != JsonValueKind.Array) throw Invalid(field, "an array of positive integers", e);
        return [.. e.EnumerateArray().Select(v => AsPositiveInt(v) ?? throw Invalid(field, "an array of positive integers", e))];
    }

    public JsonElement Array(string field)
    {
        var e = Field(field) ?? throw Missing(field, "an array");
        return e.ValueKind == JsonValueKind.Array ? e : throw Invalid(field, "an array", e);
    }

    public ActivationKind Activation() => Parse("activation", ActivationKind.Linear, ActivationKinds.Parse);

    public Padding Padding() => Parse("padding", Layers.Padding.Valid, Paddings.Parse);

    /// <summary>Rejects fields no reader asked for, listing the known ones.</summary>
    public void Finish()
    {
        foreach (var property in _object.EnumerateObject())
            if (!_known.Contains(property.Name))
                throw new ModelSpecException(
                    $"{Context}: unknown field '{property.Name}'; expected one of: {string.Join(", ", _known)}.");
    }

    /// <summary>A short rendering of a JSON value for messages.</summary>
    public static string Describe(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 40 ? text : text[..37] + "...";
    }

    private JsonElement? Field(string field)
    {
        if (!_known.Contains(field)) _known.Add(field);
        return _object.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private T Parse<T>(string field, T fallback, Func<string, string, T> parse)
    {
        if (OptionalString(field) is not { } text) return fallback;
        try { return parse(text, $"{Context}.{field}"); }
        catch (ArgumentException e) { throw new ModelSpecException(e.Message, e); }
    }

    private static int? AsPositiveInt(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) && v > 0 ? v : null;

    private ModelSpecException Missing(string field, string expected) =>
        new($"{Context}: missing required field '{field}' ({expected}).");

    private ModelSpecException Invalid(string field, string expected, JsonElement received) =>
        new($"{Context}.{field}: expected {expected}, received {Describe(received)}.");
}
