using System.Text.Json;

namespace Onnxdl.Graph.Layers;

/// <summary>Writes one layer's spec fields in canonical form (a square size as one number).</summary>
internal sealed class SpecWriter(Utf8JsonWriter json)
{
    public void Int(string field, int value) => json.WriteNumber(field, value);
    public void Double(string field, double value) => json.WriteNumber(field, value);
    public void Bool(string field, bool value) => json.WriteBoolean(field, value);
    public void String(string field, string value) => json.WriteString(field, value);
    public void Activation(ActivationKind kind) => String("activation", kind.KerasName());
    public void Padding(Padding padding) => String("padding", padding.KerasName());

    /// <summary>Keras' 2-D padding in its shortest form: n, [h, w] or [[top, bottom], [left, right]].</summary>
    public void Padding2D(string field, (int Top, int Bottom, int Left, int Right) p)
    {
        if (p.Top == p.Bottom && p.Left == p.Right)
        {
            Size(field, new Size2(p.Top, p.Left));
            return;
        }
        json.WriteStartArray(field);
        foreach (var (begin, end) in new[] { (p.Top, p.Bottom), (p.Left, p.Right) })
        {
            json.WriteStartArray();
            json.WriteNumberValue(begin);
            json.WriteNumberValue(end);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>A list of names (a layer's "inputs", the model's "outputs").</summary>
    public void Names(string field, IEnumerable<string> names)
    {
        json.WriteStartArray(field);
        foreach (var name in names) json.WriteStringValue(name);
        json.WriteEndArray();
    }

    public void Size(string field, Size2 size)
    {
        if (size.IsSquare)
        {
            json.WriteNumber(field, size.H);
            return;
        }
        json.WriteStartArray(field);
        json.WriteNumberValue(size.H);
        json.WriteNumberValue(size.W);
        json.WriteEndArray();
    }
}
