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
    public void Spec_round_trip_is_byte_stable_for_every_sequential_layer_type()
    {
        var model = new Sequential("all", Input(24, 20, 3),
            Conv2D(8, (3, 2), strides: (2, 1), padding: "same", dilationRate: 1, activation: "tanh", useBias: false, name: "c"),
            BatchNormalization(momentum: 0.9, epsilon: 1e-5), ZeroPadding2D(((1, 0), (2, 3))), AveragePooling2D(3, 2, "same"),
            Conv2D(4, 3, dilationRate: 2), ZeroPadding2D((1, 2)), MaxPooling2D((2, 1)), ZeroPadding2D(), Activation("relu"), Activation("leaky_relu"), ReLU(),
            GlobalAveragePooling2D(), Flatten(), Dropout(0.25), Dense(3, activation: "softmax"));
        var json = model.ToJson();
        Assert.IsType<Sequential>(ModelSpec.Parse(json));
        Assert.DoesNotContain("\"inputs\"", json);
        Assert.Equal(json, ModelSpec.Parse(json).ToJson());
        Assert.Equal(model.ToJson(indented: false), ModelSpec.Parse(json).ToJson(indented: false));
    }

    [Fact]
    public void Spec_round_trip_is_byte_stable_for_a_functional_model_with_every_layer_type()
    {
        var x = Input(8, 8, 2);
        var stem = Conv2D(4, 3, padding: "same", name: "stem").Call(x);
        var side = Conv2D(4, 1, name: "side", groups: 2).Call(DepthwiseConv2D(3, padding: "same", depthMultiplier: 2, name: "dw").Call(stem));
        Layer[] merges = [Add(), Subtract(), Multiply(), Average(), Maximum()];
        var merged = Concatenate(name: "joined").Call([.. merges.Select(m => m.Call(stem, side)), x]);
        var padded = ZeroPadding2D(((0, 1), (1, 0))).Call(ReLU().Call(Concatenate(axis: 2).Call(merged, merged)));
        var head = Dense(3, activation: "softmax").Call(Flatten().Call(GlobalAveragePooling2D().Call(BatchNormalization().Call(padded))));
        var model = new Functional("all", x, head);
        var pooled = new Sequential("rest", Input(4, 4, 1), MaxPooling2D(2), AveragePooling2D(1), Dropout(0.1), Activation("tanh"));
        var json = model.ToJson();
        Assert.IsNotType<Sequential>(ModelSpec.Parse(json));
        Assert.Equal(json, ModelSpec.Parse(json).ToJson());
        Assert.Equal(model.ToJson(indented: false), ModelSpec.Parse(json).ToJson(indented: false));
        Assert.Equal(ModelSpec.LayerTypes.Order(), model.Layers.Concat(pooled.Layers).Select(l => l.TypeName).Distinct().Order());
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
        "<spec>: layers[0] (Dense): unknown field 'activaton'; expected one of: type, name, inputs, units, activation, use_bias.")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"Conv2D","filters":-3,"kernel_size":3}]}""",
        "<spec>: layers[0] (Conv2D).filters: expected a positive integer, received -3.")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"Conv2D","filters":3,"kernel_size":[3,0]}]}""",
        "<spec>: layers[0] (Conv2D).kernel_size: expected a positive integer or [height, width], received [3,0].")]
    [InlineData("""{"name":"m","input":[28,28,1],"layers":[{"type":"MaxPooling2D","padding":"full"}]}""",
        "<spec>: layers[0] (MaxPooling2D).padding: unknown padding 'full', expected \"valid\" or \"same\".")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","units":2,"activation":"gelu"}]}""",
        "<spec>: layers[0] (Dense).activation: unknown activation 'gelu', expected one of: linear, relu, sigmoid, tanh, softmax, leaky_relu.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dropout","rate":1.5}]}""",
        "<spec>: layers[0] (Dropout): dropout (Dropout): rate must be in [0, 1), received 1.5.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Conv2D","filters":2,"kernel_size":3}]}""",
        "<spec>: layers[0]: conv2d_1 (Conv2D): expected a (C,H,W) input, received (4).")]
    [InlineData("""{"name":"m","input":[28,28],"layers":[]}""",
        "<spec>.input: Input: expected (features) or (height, width, channels) of positive sizes, received (28, 28).")]
    [InlineData("""{"name":"m","input":[4],"layers":[],"extra":1}""",
        "<spec>: unknown field 'extra'; expected one of: name, input, layers, outputs.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"units":2}]}""",
        "<spec>: layers[0]: missing required field 'type'")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Flatten","size":2}]}""",
        "<spec>: layers[0] (Flatten): unknown field 'size'; expected one of: type, name, inputs.")]
    [InlineData("""{"name":"m","input":[4],"layers":[3]}""",
        "<spec>: layers[0]: expected a JSON object, received 3.")]
    [InlineData("""{"name":"m","input":[4],"layers":[""", "<spec>: not valid JSON")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":2},{"type":"Add","name":"s","inputs":["a","nope"]}]}""",
        "<spec>: layers[1] 's'.inputs: no layer named 'nope'; expected 'input' or one of: a, s.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":4,"inputs":["b"]},{"type":"Dense","name":"b","units":4}]}""",
        "<spec>: layers[0] 'a': cyclic reference a → b → a.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"ReLU","name":"r","inputs":["r"]}]}""",
        "<spec>: layers[0] 'r': cyclic reference r → r.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":2},{"type":"Dense","name":"b","units":2,"inputs":["input"]}]}""",
        "<spec>: layers[0] 'a': the layer does not lead to the model output 'b'; connect it or remove it.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":2}],"outputs":["a","input"]}""",
        "<spec>.outputs: a model has one output, received 2 (a, input).")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":2}],"outputs":["b"]}""",
        "<spec>.outputs: no layer named 'b'; expected 'input' or one of: a.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"input","units":2}],"outputs":["input"]}""",
        "<spec>: layers[0]: the name 'input' stands for the model input; give the layer another name.")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","name":"a","units":2},{"type":"Add","inputs":["a","input"]}]}""",
        "<spec>: layers[1]: add (Add): inputs must have the same shape; input 0 is (2), input 1 is (4).")]
    [InlineData("""{"name":"m","input":[4],"layers":[{"type":"Dense","units":2,"inputs":"a"}]}""",
        "<spec>: layers[0] (Dense).inputs: expected a non-empty array of layer names, received \"a\".")]
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
