using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Tests.Support;
using static Onnxdl.Graph.Layers.Keras;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Graph.Tests.Layers;

public class ModelSpecTests
{
    [Fact]
    public void Cnn_spec_describes_the_seed_cnn()
    {
        var fromFile = ModelSpec.Load(Repo.Path("models/cnn.json"));
        var inCode = new Sequential("seed_cnn", Input(28, 28, 1),
            Conv2D(32, 3, activation: "relu"), MaxPooling2D(2), Flatten(),
            Dense(128, activation: "sigmoid"), Dropout(0.5), Dense(10, activation: "softmax"));
        Assert.Equal(inCode.ToJson(), fromFile.ToJson());
        Assert.Equal(693_962, fromFile.Summarize().TotalParams);
        Assert.Equal(101_770, ModelSpec.Load(Repo.Path("models/mlp.json")).Summarize().TotalParams); // 784·128+128 + 128·10+10
    }

    [Fact]
    public void Spec_round_trip_is_byte_stable_for_every_layer_type()
    {
        var model = new Sequential("all", Input(24, 20, 3),
            Conv2D(8, (3, 2), strides: (2, 1), padding: "same", dilationRate: 1, activation: "tanh", useBias: false, name: "c"),
            BatchNormalization(momentum: 0.9, epsilon: 1e-5), AveragePooling2D(3, 2, "same"), Conv2D(4, 3, dilationRate: 2),
            MaxPooling2D((2, 1)), Activation("relu"), GlobalAveragePooling2D(), Flatten(), Dropout(0.25), Dense(3, activation: "softmax"));
        var json = model.ToJson();
        Assert.Equal(json, ModelSpec.Parse(json).ToJson());
        Assert.Equal(model.ToJson(indented: false), ModelSpec.Parse(json).ToJson(indented: false));
        Assert.Equal(ModelSpec.LayerTypes.Order(), model.Layers.Select(l => l.TypeName).Distinct().Order());
    }

    [Fact]
    public void Onnx_round_trip_is_byte_stable_and_keeps_the_model()
    {
        var model = ModelSpec.Load(Repo.Path("models/cnn.json")).Build(5).ToOnnx();
        var bytes = ModelSerializer.ToBytes(model);
        var parsed = ModelSerializer.Parse(bytes);
        Assert.Equal(bytes, ModelSerializer.ToBytes(parsed));
        Assert.Equal(model.Graph.Nodes.Select(n => (n.Name, n.OpType, string.Join(",", n.Attributes))),
            parsed.Graph.Nodes.Select(n => (n.Name, n.OpType, string.Join(",", n.Attributes))));
        Assert.Equal(model.Graph.Inputs, parsed.Graph.Inputs);
        Assert.Equal(model.Graph.Outputs, parsed.Graph.Outputs);
        foreach (var tensor in model.Graph.Initializers)
        {
            Assert.Equal(tensor.Dims, parsed.Graph.RequireInitializer(tensor.Name).Dims);
            Assert.Equal(tensor.Raw, parsed.Graph.RequireInitializer(tensor.Name).Raw);
        }
        Assert.Equal("[3,3]", parsed.Graph.Nodes.Single(n => n.OpType == "Conv").Ints("kernel_shape") is { } k ? $"[{string.Join(",", k)}]" : "");
        Assert.Equal(model.GetMetadata(MetadataKeys.Spec), parsed.GetMetadata(MetadataKeys.Spec));
    }

    [Theory]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","units":2},{"type":"Dense2","units":2}]}""",
        "<spec>: layers[1]: unknown layer type 'Dense2', expected one of: Dense, Conv2D")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","unit":2}]}""",
        "<spec>: layers[0] (Dense): missing required field 'units' (a positive integer).")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","units":2,"activaton":"relu"}]}""",
        "<spec>: layers[0] (Dense): unknown field 'activaton'; expected one of: type, name, units, activation, use_bias.")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"Conv2D","filters":-3,"kernel_size":3}]}""",
        "<spec>: layers[0] (Conv2D).filters: expected a positive integer, received -3.")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"Conv2D","filters":3,"kernel_size":[3,0]}]}""",
        "<spec>: layers[0] (Conv2D).kernel_size: expected a positive integer or [height, width], received [3,0].")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"MaxPooling2D","padding":"full"}]}""",
        "<spec>: layers[0] (MaxPooling2D).padding: unknown padding 'full', expected \"valid\" or \"same\".")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","units":2,"activation":"gelu"}]}""",
        "<spec>: layers[0] (Dense).activation: unknown activation 'gelu', expected one of: linear, relu, sigmoid, tanh, softmax.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dropout","rate":1.5}]}""",
        "<spec>: layers[0] (Dropout): dropout (Dropout): rate must be in [0, 1), received 1.5.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Conv2D","filters":2,"kernel_size":3}]}""",
        "<spec>: layers[0]: conv2d_1 (Conv2D): expected a (C,H,W) input, received (4).")]
    [InlineData("""{"name":"m","input":[28,28],"layers":[]}""",
        "<spec>.input: Input: expected (features) or (height, width, channels) of positive sizes, received (28, 28).")]
    [InlineData("""{"name":"m","input":[4],"layers":[],"extra":1}""",
        "<spec>: unknown field 'extra'; expected one of: name, input, layers.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"units":2}]}""",
        "<spec>: layers[0]: missing required field 'type'")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Flatten","size":2}]}""",
        "<spec>: layers[0] (Flatten): unknown field 'size'; expected one of: type, name.")]
    [InlineData("""{"name":"m","input":[4],"layers":[3]}""",
        "<spec>: layers[0]: expected a JSON object, received 3.")]
    [InlineData("""{"name":"m","input":[4],"layers":[""", "<spec>: not valid JSON")]
    public void Spec_errors_name_the_layer_and_field(string json, string expected)
    {
        var e = Assert.Throws<ModelSpecException>(() => ModelSpec.Parse(json));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Load_names_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("spec.json");
        File.WriteAllText(path, """{"name":"m","input":[4],"layers":[{"type":"Dense"}]}""");
        Assert.StartsWith($"{path}: layers[0] (Dense): missing required field 'units'",
            Assert.Throws<ModelSpecException>(() => ModelSpec.Load(path)).Message);
    }
}
