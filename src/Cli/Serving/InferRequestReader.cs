using System.Buffers.Binary;
using System.Text.Json;
using csFastFloat;
using Onnxdl.Graph;

namespace Onnxdl.Cli;

/// <summary>
/// Parses an inference request of the Open Inference Protocol with one forward pass of <see cref="Utf8JsonReader"/>:
/// JSON <c>data</c> (flat or nested) goes straight into a pooled buffer of the tensor's bytes, and a tensor sent with
/// Triton's binary data extension (<c>binary_data_size</c>) stays a slice of the body, in the order the inputs are listed.
/// </summary>
internal static class InferRequestReader
{
    /// <summary>
    /// Reads the request from <paramref name="body"/>: its first <paramref name="jsonLength"/> bytes are the JSON header,
    /// the rest the binary tensors. The request takes ownership of <paramref name="body"/>.
    /// </summary>
    public static InferRequest Read(PooledBuffer body, int jsonLength)
    {
        var buffers = new List<PooledBuffer> { body };
        try
        {
            var reader = new Utf8JsonReader(body.Span[..jsonLength]);
            return ReadRoot(ref reader, body.Memory[jsonLength..], buffers, jsonLength);
        }
        catch (Exception e)
        {
            foreach (var buffer in buffers) buffer.Dispose();
            if (e is JsonException or InvalidOperationException)
                throw new UsageException($"The request is not valid JSON of the inference protocol: {e.Message}", e);
            throw;
        }
    }

    private static InferRequest ReadRoot(ref Utf8JsonReader reader, ReadOnlyMemory<byte> binary, List<PooledBuffer> buffers, int jsonLength)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the request");
        string? id = null;
        var binaryOutput = false;
        var inputs = new List<RequestTensor>();
        var outputs = new List<RequestedOutput>();
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "id": id = ReadString(ref reader, "id"); break;
                case "parameters": binaryOutput = ReadBoolParameter(ref reader, "binary_data_output") ?? false; break;
                case "inputs":
                    Expect(ref reader, JsonTokenType.StartArray, "inputs");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        inputs.Add(ReadInput(ref reader, ref binary, buffers, jsonLength));
                    break;
                case "outputs":
                    Expect(ref reader, JsonTokenType.StartArray, "outputs");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) outputs.Add(ReadOutput(ref reader));
                    break;
                default: reader.Skip(); break;
            }
        }
        if (inputs.Count == 0) throw new UsageException("The request has no inputs; expected \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}].");
        if (!binary.IsEmpty)
            throw new UsageException($"The request has {binary.Length} bytes of binary data that no input's binary_data_size claims.");
        return new InferRequest(id, inputs, outputs, binaryOutput, buffers);
    }

    private static RequestTensor ReadInput(ref Utf8JsonReader reader, ref ReadOnlyMemory<byte> binary, List<PooledBuffer> buffers, int jsonLength)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new UsageException("Each input must be an object {\"name\", \"shape\", \"datatype\", \"data\"}.");
        string? name = null, datatype = null;
        long[]? shape = null;
        long? binarySize = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name": name = ReadString(ref reader, "an input's name"); break;
                case "datatype": datatype = ReadString(ref reader, "datatype"); break;
                case "shape": shape = ReadShape(ref reader); break;
                case "parameters": binarySize = ReadLongParameter(ref reader, "binary_data_size"); break;
                case "data":
                    // The data may come before shape and datatype; remember where it starts and parse it once both are known.
                    data = reader;
                    hasData = true;
                    reader.Skip();
                    break;
                default: reader.Skip(); break;
            }
        }
        if (name is null) throw new UsageException("An input has no \"name\".");
        string Where() => $"Input '{name}'";
        if (datatype is null || shape is null) throw new UsageException($"{Where()} needs \"shape\" and \"datatype\".");
        var type = TensorDatatype.Parse(datatype)
            ?? throw new UsageException($"{Where()}: datatype '{datatype}' is not supported; use one of {TensorDatatype.Supported}.");
        var (count, bytes) = Count(shape, TensorDatatype.SizeOf(type), Where);
        if (binarySize is { } size)
        {
            if (size != bytes)
                throw new UsageException($"{Where()}: shape [{string.Join(",", shape)}] of {datatype} needs {bytes} bytes, binary_data_size is {size}.");
            if (size > binary.Length)
                throw new UsageException($"{Where()}: binary_data_size is {size} bytes but only {binary.Length} bytes of binary data remain in the body.");
            var slice = binary[..(int)size];
            binary = binary[(int)size..];
            return new RequestTensor(name, type, shape, slice);
        }
        if (!hasData) throw new UsageException($"{Where()} has neither \"data\" nor a binary_data_size parameter.");
        // Every JSON value takes at least one byte: a shape that claims more values than the header has bytes is refused
        // before its buffer is rented.
        if (count > jsonLength)
            throw new UsageException($"{Where()}: shape [{string.Join(",", shape)}] holds {count} values, more than the request's {jsonLength} bytes of JSON can.");
        var buffer = new PooledBuffer(checked((int)bytes));
        buffers.Add(buffer);
        ReadData(data, type, count, buffer.Span, Where);
        return new RequestTensor(name, type, shape, buffer.Memory);
    }

    /// <summary>The number of values and of bytes of a tensor of <paramref name="shape"/> with elements of <paramref name="size"/> bytes.</summary>
    private static (long Count, long Bytes) Count(long[] shape, int size, Func<string> where)
    {
        if (shape.Any(d => d < 0)) throw new UsageException($"{where()}: shape [{string.Join(",", shape)}] has a negative dimension.");
        try
        {
            var count = shape.Aggregate(1L, (a, d) => checked(a * d));
            return (count, checked(count * size));
        }
        catch (OverflowException)
        {
            throw new UsageException($"{where()}: shape [{string.Join(",", shape)}] is too large.");
        }
    }

    /// <summary>Reads the numbers of <c>data</c>, flat or nested to any depth, in row-major order into <paramref name="target"/>.</summary>
    private static void ReadData(Utf8JsonReader reader, ElementType type, long count, Span<byte> target, Func<string> where)
    {
        var size = TensorDatatype.SizeOf(type);
        long index = 0;
        var depth = 0;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray: depth++; break;
                case JsonTokenType.EndArray: depth--; break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    if (index == count) throw new UsageException($"{where()}: data has more than the {count} values its shape holds.");
                    if (!TryWrite(ref reader, type, target.Slice((int)(index * size), size)))
                        throw new UsageException($"{where()}: value {index} is not a valid {TensorDatatype.NameOf(type)}.");
                    index++;
                    break;
                default: throw new UsageException($"{where()}: data must hold only {TensorDatatype.NameOf(type)} values (arrays of them may nest).");
            }
        }
        while (depth > 0 && reader.Read());
        if (index != count) throw new UsageException($"{where()}: its shape holds {count} values, data has {index}.");
    }

    private static bool TryWrite(ref Utf8JsonReader reader, ElementType type, Span<byte> target)
    {
        if (type == ElementType.Bool)
        {
            if (reader.TokenType == JsonTokenType.Number) return false;
            target[0] = reader.GetBoolean() ? (byte)1 : (byte)0;
            return true;
        }
        if (reader.TokenType != JsonTokenType.Number) return false;
        switch (type)
        {
            // csFastFloat (Lemire's fast_float) gives the same correctly rounded values as TryGetSingle/TryGetDouble (overflow to
            // ±∞ included) at a quarter of their cost, and the floats are most of a JSON request's parsing. The reader runs
            // over one contiguous span, so ValueSpan is the whole token, already checked to be a JSON number.
            case ElementType.Float: BinaryPrimitives.WriteSingleLittleEndian(target, FastFloatParser.ParseFloat(reader.ValueSpan)); return true;
            case ElementType.Double: BinaryPrimitives.WriteDoubleLittleEndian(target, FastDoubleParser.ParseDouble(reader.ValueSpan)); return true;
            case ElementType.Int64 when reader.TryGetInt64(out var l): BinaryPrimitives.WriteInt64LittleEndian(target, l); return true;
            case ElementType.Int32 when reader.TryGetInt32(out var i): BinaryPrimitives.WriteInt32LittleEndian(target, i); return true;
            case ElementType.UInt8 when reader.TryGetByte(out var b): target[0] = b; return true;
            default: return false;
        }
    }

    private static RequestedOutput ReadOutput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new UsageException("Each requested output must be an object {\"name\"}.");
        string? name = null;
        bool? binary = null;
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name": name = ReadString(ref reader, "an output's name"); break;
                case "parameters": binary = ReadBoolParameter(ref reader, "binary_data"); break;
                default: reader.Skip(); break;
            }
        }
        return new RequestedOutput(name ?? throw new UsageException("A requested output has no \"name\"."), binary);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "shape");
        var dims = new List<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            dims.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var d) ? d : throw new UsageException("shape must be an array of integers."));
        return [.. dims];
    }

    private static bool? ReadBoolParameter(ref Utf8JsonReader reader, string wanted)
    {
        bool? value = null;
        ReadParameters(ref reader, wanted, (ref Utf8JsonReader r) =>
            value = r.TokenType is JsonTokenType.True or JsonTokenType.False ? r.GetBoolean() : throw new UsageException($"Parameter {wanted} must be true or false."));
        return value;
    }

    private static long? ReadLongParameter(ref Utf8JsonReader reader, string wanted)
    {
        long? value = null;
        ReadParameters(ref reader, wanted, (ref Utf8JsonReader r) =>
            value = r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var n) ? n : throw new UsageException($"Parameter {wanted} must be an integer."));
        return value;
    }

    private delegate void ValueReader(ref Utf8JsonReader reader);

    /// <summary>Reads a <c>parameters</c> object, handing the value of <paramref name="wanted"/> to <paramref name="read"/>; other parameters are ignored.</summary>
    private static void ReadParameters(ref Utf8JsonReader reader, string wanted, ValueReader read)
    {
        Expect(ref reader, JsonTokenType.StartObject, "parameters");
        while (NextProperty(ref reader) is { } property)
        {
            if (property == wanted) read(ref reader);
            else reader.Skip();
        }
    }

    /// <summary>Moves to the next property of the current object and onto its value; null at the object's end.</summary>
    private static string? NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject) return null;
        var name = reader.GetString();
        reader.Read();
        return name;
    }

    private static string ReadString(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new UsageException($"{what} must be a string.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType == JsonTokenType.None) reader.Read();
        if (reader.TokenType != type)
            throw new UsageException($"{what} must be {(type == JsonTokenType.StartArray ? "an array" : "an object")}, found {reader.TokenType}.");
    }
}
