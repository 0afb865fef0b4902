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
