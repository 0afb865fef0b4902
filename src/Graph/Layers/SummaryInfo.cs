using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Onnxdl.Graph.Layers;

/// <summary>Keras' model.summary() as data: <see cref="ToText"/> prints the table, <see cref="ToJson"/> the same for tools.</summary>
public sealed record SummaryInfo(string Name, int[] InputShape, IReadOnlyList<LayerSummary> Layers)
{
    /// <summary>The number of parameters of all layers.</summary>
    public long TotalParams => Layers.Sum(l => l.Params);
    /// <summary>The number of trainable parameters.</summary>
    public long TrainableParams => Layers.Sum(l => l.TrainableParams);
    /// <summary>The number of non-trainable parameters (e.g. BatchNormalization's running statistics).</summary>
    public long NonTrainableParams => TotalParams - TrainableParams;

    /// <summary>True when the rows carry "Connected to" (a functional model, which also lists its input as a row, as Keras does).</summary>
    public bool IsFunctional => Layers.Any(l => l.ConnectedTo is not null);

    /// <summary>The summary of <paramref name="model"/>; a model other than a <see cref="Sequential"/> gets Keras' functional form.</summary>
    public static SummaryInfo Of(Functional model)
    {
        var functional = model is not Sequential;
        IEnumerable<LayerSummary> input = functional ? [new(Functional.InputName, "InputLayer", model.Input.Shape, 0, 0, [])] : [];
        return new(model.Name, model.Input.Shape,
        [
            .. input,
            .. model.Layers.Select((layer, i) =>
            {
                var (total, trainable) = model.CountParameters(layer);
                var connected = functional ? model.LayerInputs[i].Select(j => $"{model.NameOf(j)}[0][0]").ToList() : null;
                return new LayerSummary(layer.Name, layer.TypeName, model.LayerOutputShapes[i], total, trainable, connected);
            }),
        ]);
    }

    /// <summary>The Keras-style table (what <c>onnxdl summary SPEC.json</c> prints).</summary>
    public string ToText()
    {
        const int nameWidth = 34, shapeWidth = 26, paramsWidth = 12;
        var width = IsFunctional ? 98 : 72;
        var connected = IsFunctional ? "Connected to" : "";
        var text = new StringBuilder();
        text.Append($"Model: \"{Name}\"\n").Append('_', width).Append('\n');
        text.Append($"{"Layer (type)",-nameWidth}{"Output Shape",-shapeWidth}{"Param #",-paramsWidth}{connected}".TrimEnd()).Append('\n');
        text.Append('=', width).Append('\n');
        foreach (var layer in Layers)
        {
            var inbound = layer.ConnectedTo is { Count: > 0 } names ? string.Join(", ", names) : IsFunctional ? "-" : "";
            text.Append($"{Cell($"{layer.Name} ({layer.Type})", nameWidth)}{Cell(BatchedShape(layer.OutputShape), shapeWidth)}{Cell(Thousands(layer.Params), paramsWidth)}{inbound}".TrimEnd())
                .Append('\n');
        }
        text.Append('=', width).Append('\n');
        text.Append($"Total params: {Thousands(TotalParams)}\n");
        text.Append($"Trainable params: {Thousands(TrainableParams)}\n");
        text.Append($"Non-trainable params: {Thousands(NonTrainableParams)}\n");
        return text.Append('_', width).Append('\n').ToString();
    }

    /// <summary>{"name","input_shape","layers":[{"name","type","output_shape":[null,…],"params","connected_to"?}],"total_params","trainable_params","non_trainable_params"}.</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            WriteShape(json, "input_shape", InputShape);
            json.WriteStartArray("layers");
            foreach (var layer in Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteString("type", layer.Type);
                WriteShape(json, "output_shape", layer.OutputShape);
                json.WriteNumber("params", layer.Params);
                if (layer.ConnectedTo is { } inbound)
                {
                    json.WriteStartArray("connected_to");
                    foreach (var name in inbound) json.WriteStringValue(name);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("total_params", TotalParams);
            json.WriteNumber("trainable_params", TrainableParams);
            json.WriteNumber("non_trainable_params", NonTrainableParams);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>[null, C, H, W]: null is the batch dim.</summary>
    private static void WriteShape(Utf8JsonWriter json, string field, int[] shape)
    {
        json.WriteStartArray(field);
        json.WriteNullValue();
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
    }

    /// <summary>The text padded to the column's width, or followed by one space when it is wider, so columns never run together.</summary>
    private static string Cell(string text, int width) => text.Length < width ? text.PadRight(width) : text + " ";

    private static string BatchedShape(int[] shape) => $"(None, {string.Join(", ", shape)})";

    private static string Thousands(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
