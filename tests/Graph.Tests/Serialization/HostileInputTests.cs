using Google.Protobuf;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Proto;
using Onnxdl.Graph.Tests.Support;

namespace Onnxdl.Graph.Tests.Serialization;

/// <summary>Truncated and random bytes must give OnnxFormatException, never another exception or a crash.</summary>
public class HostileInputTests
{
    private static readonly byte[] Valid = ModelSerializer.ToBytes(ModelSpec.Load(Repo.Path("models/mlp.json")).Build(0).ToOnnx());

    [Fact]
    public void Every_truncation_is_refused_or_parses()
    {
        // Cut points across the whole file; a cut that lands on a field boundary may still be a (smaller) valid model.
        for (var length = 0; length < Valid.Length; length += Math.Max(1, Valid.Length / 997))
        {
            try { ModelSerializer.Parse(Valid[..length], "cut.onnx"); }
            catch (OnnxFormatException e) { Assert.StartsWith("cut.onnx: ", e.Message); }
        }
    }

    [Fact]
    public void Half_a_model_is_refused()
    {
        var e = Assert.Throws<OnnxFormatException>(() => ModelSerializer.Parse(Valid[..(Valid.Length / 2)], "half.onnx"));
        Assert.Contains("half.onnx", e.Message);
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        var random = new Random(1);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            Assert.Throws<OnnxFormatException>(() => ModelSerializer.Parse(bytes, "noise.onnx"));
        }
    }

    [Fact]
    public void Flipped_bytes_are_refused_or_parse()
    {
        var random = new Random(2);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])Valid.Clone();
            for (var k = 0; k < 4; k++) bytes[random.Next(Math.Min(bytes.Length, 4096))] ^= (byte)random.Next(1, 256);
            try { ModelSerializer.Parse(bytes, "flip.onnx"); }
            catch (OnnxFormatException) { }
        }
    }

    /// <summary>A fuzzing find: an attribute typed TENSOR, GRAPH or TYPE_PROTO without that field was a NullReferenceException.</summary>
    [Theory]
    [InlineData(AttributeProto.Types.AttributeType.Tensor, "t")]
    [InlineData(AttributeProto.Types.AttributeType.Graph, "g")]
    [InlineData(AttributeProto.Types.AttributeType.TypeProto, "tp")]
    public void An_attribute_without_the_value_its_type_names_is_refused(AttributeProto.Types.AttributeType type, string field)
    {
        var proto = ModelProto.Parser.ParseFrom(Valid);
        proto.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "hollow", Type = type });
        var e = Assert.Throws<OnnxFormatException>(() => ModelSerializer.Parse(proto.ToByteArray(), "hollow.onnx"));
        Assert.Equal($"hollow.onnx: attribute 'hollow' has type {type} but no '{field}' field holding its value.", e.Message);
    }
}
