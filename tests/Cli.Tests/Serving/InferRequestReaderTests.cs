using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Onnxdl.Cli.Tests;

/// <summary>The request reader's promise: tensor values go straight into pooled bytes, with no per-request arrays or per-value garbage.</summary>
public class InferRequestReaderTests
{
    private static readonly float[] Values = [.. Enumerable.Range(0, 784).Select(i => i / 783f - 0.25f)];

    private static byte[] Request(bool nested)
    {
        JsonNode Row(int r) => new JsonArray([.. Values.Skip(r * 28).Take(28).Select(v => (JsonNode)v)]);
        var data = nested ? new JsonArray(new JsonArray([.. Enumerable.Range(0, 28).Select(r => (JsonNode)Row(r))])) : new JsonArray([.. Values.Select(v => (JsonNode)v)]);
        var shape = new JsonArray(1, 1, 28, 28);
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = "a",
            ["inputs"] = new JsonArray(new JsonObject { ["data"] = data, ["name"] = "input", ["datatype"] = "FP32", ["shape"] = shape }),
        }.ToJsonString());
    }

    private static InferRequest Read(byte[] json)
    {
        var body = new PooledBuffer(json.Length);
        json.CopyTo(body.Span);
        return InferRequestReader.Read(body, json.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_data_before_its_shape_and_datatype_is_read_into_pooled_bytes_without_per_value_allocations(bool nested)
    {
        var json = Request(nested);
        Read(json).Dispose(); // JIT and the pool's first rent

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var request = Read(json);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var input = Assert.Single(request.Inputs);
        Assert.Equal([1, 1, 28, 28], input.Shape);
        Assert.Equal(Values, MemoryMarshal.Cast<byte, float>(input.Bytes.Span).ToArray());
        // Measured 1,240 bytes (names, shape, the request objects); a float[] of the values alone is 3,160, a JsonNode tree tens of kilobytes.
        Assert.True(allocated < 2048, $"reading the request allocated {allocated} bytes");
    }

    /// <summary>Number spellings a client may send: overflow, underflow, subnormals, negative zero, exponents, more digits than a float holds.</summary>
    private static readonly string[] Spellings =
    [
        "0.1", "-0", "0", "1E5", "1e39", "-1e39", "3.4028235e38", "3.4028236e38", "1e-50", "2.5e-45", "1.17549435E-38", "0.30000001192092896",
        "123456789012345678901234567890", "-7.0e-3", "9007199254740993", "1.7976931348623157e308", "4.9e-324", "2.2250738585072011e-308",
    ];

    /// <summary>FP32 and FP64 JSON values are read as .NET's own correctly rounded parser reads them, bit for bit.</summary>
    [Theory]
    [InlineData("FP32")]
    [InlineData("FP64")]
    public void Json_numbers_parse_to_the_same_bits_as_the_standard_librarys_parser(string datatype)
    {
        var random = new Random(7);
        var numbers = Spellings.Concat(Enumerable.Range(0, 2000).Select(i => (i % 2 == 0
            ? (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 40))
            : (double)(float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)))).ToString(i % 3 == 0 ? "E9" : "R", CultureInfo.InvariantCulture))).ToArray();
        var json = Encoding.UTF8.GetBytes($"{{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"{datatype}\",\"shape\":[{numbers.Length}],\"data\":[{string.Join(",", numbers)}]}}]}}");

        using var request = Read(json);

        var bytes = Assert.Single(request.Inputs).Bytes.Span;
        if (datatype == "FP32")
            Assert.Equal(numbers.Select(n => BitConverter.SingleToInt32Bits(float.Parse(n, CultureInfo.InvariantCulture))), MemoryMarshal.Cast<byte, int>(bytes).ToArray());
        else
            Assert.Equal(numbers.Select(n => BitConverter.DoubleToInt64Bits(double.Parse(n, CultureInfo.InvariantCulture))), MemoryMarshal.Cast<byte, long>(bytes).ToArray());
    }
}
