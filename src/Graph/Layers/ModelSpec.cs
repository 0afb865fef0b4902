using System.Text;
using System.Text.Json;

namespace Onnxdl.Graph.Layers;

/// <summary>
/// The JSON model spec (docs/model-spec.md): <c>{"name", "input": [H, W, C] or [F], "layers": [{"type", "name"?,
/// "inputs"?, …fields}], "outputs"?}</c>. A layer without "inputs" takes the previous layer's output (the first
/// layer: the model input, named "input"); the model's output is the last layer's unless "outputs" names one.
/// A spec without "inputs" and "outputs" is a <see cref="Sequential"/> model, any other a <see cref="Functional"/>.
/// <see cref="ToJson"/> writes every field, defaults included, and "inputs" only where it differs from the default;
/// layers are written in call order, so the output is always the last one and "outputs" is never needed. Parse →
/// write is byte-stable for a spec in that canonical form.
/// </summary>
public static class ModelSpec
{
    private static readonly Dictionary<string, Func<SpecReader, string?, Layer>> Readers = new()
    {
        ["Dense"] = Dense.FromSpec,
        ["Conv2D"] = Conv2D.FromSpec,
        ["DepthwiseConv2D"] = DepthwiseConv2D.FromSpec,
        ["MaxPooling2D"] = MaxPooling2D.FromSpec,
        ["AveragePooling2D"] = AveragePooling2D.FromSpec,
        ["GlobalAveragePooling2D"] = GlobalAveragePooling2D.FromSpec,
        ["Flatten"] = Flatten.FromSpec,
        ["Dropout"] = Dropout.FromSpec,
        ["Activation"] = ActivationLayer.FromSpec,
        ["BatchNormalization"] = BatchNormalization.FromSpec,
        ["ReLU"] = ReLU.FromSpec,
        ["ZeroPadding2D"] = ZeroPadding2D.FromSpec,
        ["Add"] = Add.FromSpec,
        ["Subtract"] = Subtract.FromSpec,
        ["Multiply"] = Multiply.FromSpec,
        ["Average"] = Average.FromSpec,
        ["Maximum"] = Maximum.FromSpec,
        ["Concatenate"] = Concatenate.FromSpec,
    };

    /// <summary>The layer types a spec may use.</summary>
    public static IReadOnlyCollection<string> LayerTypes => Readers.Keys;

    /// <summary>Reads a model specification (JSON, docs/model-spec.md); throws <see cref="ModelSpecException"/> naming the file and the bad field.</summary>
    public static Functional Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model spec '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a spec; errors are <see cref="ModelSpecException"/>s naming <paramref name="source"/>, the layer index and the field.</summary>
    public static Functional Parse(string json, string source = "<spec>")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelSpecException($"{source}: not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var root = new SpecReader(document.RootElement, source);
            var name = root.OptionalString("name") ?? throw new ModelSpecException($"{source}: missing required field 'name' (a string).");
            var input = root.PositiveInts("input");
            var layers = root.Array("layers");
            var outputs = root.OptionalNames("outputs");
            root.Finish();
            var modelInput = Wrap($"{source}.input", () => new ModelInput(input));
            var entries = layers.EnumerateArray().Select((element, i) => ReadLayer(element, $"{source}: layers[{i}]")).ToList();
            if (outputs is null && entries.All(e => e.Inputs is null))
            {
                var model = Wrap(source, () => new Sequential(name, modelInput));
                foreach (var entry in entries) Wrap(entry.Context, () => model.Add(entry.Layer));
                return model;
            }
            return new SpecGraph(source, entries, modelInput).Build(name, outputs);
        }
    }

    /// <summary>The specification of <paramref name="model"/> as JSON, readable by <see cref="Load"/>.</summary>
    public static string ToJson(Functional model, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("name", model.Name);
            json.WriteStartArray("input");
            foreach (var d in model.Input.KerasShape) json.WriteNumberValue(d);
            json.WriteEndArray();
            json.WriteStartArray("layers");
            var writer = new SpecWriter(json);
            for (var i = 0; i < model.Layers.Count; i++)
            {
                var layer = model.Layers[i];
                json.WriteStartObject();
                json.WriteString("type", layer.TypeName);
                json.WriteString("name", layer.Name);
                if (!model.LayerInputs[i].SequenceEqual([i - 1])) writer.Names("inputs", model.LayerInputs[i].Select(model.NameOf));
                layer.WriteSpec(writer);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + (indented ? "\n" : "");
    }

    private static SpecLayer ReadLayer(JsonElement element, string context)
    {
        var head = new SpecReader(element, context);
        var type = head.OptionalString("type")
            ?? throw new ModelSpecException($"{context}: missing required field 'type' (one of: {string.Join(", ", Readers.Keys)}).");
        if (!Readers.TryGetValue(type, out var read))
            throw new ModelSpecException($"{context}: unknown layer type '{type}', expected one of: {string.Join(", ", Readers.Keys)}.");
        var reader = new SpecReader(element, $"{context} ({type})");
        reader.OptionalString("type");
        var name = reader.OptionalString("name");
        var inputs = reader.OptionalNames("inputs");
        var layer = Wrap(reader.Context, () => read(reader, name));
        reader.Finish();
        return new SpecLayer(layer, name, inputs, context);
    }

    /// <summary>Turns a constructor's or shape check's ArgumentException into a spec error located at <paramref name="context"/>.</summary>
    internal static T Wrap<T>(string context, Func<T> create)
    {
        try { return create(); }
        catch (ArgumentException e) { throw new ModelSpecException($"{context}: {e.Message}", e); }
    }
}
