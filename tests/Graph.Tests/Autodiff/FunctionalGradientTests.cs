using Onnxdl.Graph.Layers;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Graph.Tests.Autodiff;

/// <summary>
/// The new layers and a residual block with BatchNormalization, emitted as in a training step, against finite
/// differences: d loss / d input and d loss / d every trainable parameter, through every branch and fan-out.
/// </summary>
public class FunctionalGradientTests
{
    private static readonly Dictionary<string, Func<Layer>> MergeLayers = new()
    {
        ["Add"] = () => Add(),
        ["Subtract"] = () => Subtract(),
        ["Multiply"] = () => Multiply(),
        ["Average"] = () => Average(),
        ["Maximum"] = () => Maximum(),
    };

    public static TheoryData<string> MergeTypes() => [.. MergeLayers.Keys];

    /// <summary>Both inputs of the merge depend on x (once directly, once through a Dense), so x's gradient sums two paths.</summary>
    [Theory]
    [MemberData(nameof(MergeTypes))]
    public void Merge_layer(string type)
    {
        var x = Input(3);
        Check(new Functional(type, x, MergeLayers[type]().Call(x, Dense(3).Call(x))), [4, 3]);
    }

    [Fact]
    public void Add_of_three_inputs() {
        var x = Input(3);
        Check(new Functional("add3", x, Add().Call(Dense(3).Call(x), x, Dense(3).Call(x))), [4, 3]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    public void Concatenate(int axis)
    {
        var x = Input(4, 3, 2);
        Check(new Functional("cat", x, Keras.Concatenate(axis).Call(Conv2D(2, 1).Call(x), x)), [2, 2, 4, 3]);
    }

    [Fact]
    public void ZeroPadding2D_then_a_valid_convolution() =>
        Check(new Sequential("pad", Input(3, 3, 2), Keras.ZeroPadding2D(((1, 0), (2, 1))), Conv2D(2, 3)), [2, 2, 3, 3]);

    [Fact]
    public void ReLU() => Check(new Sequential("relu", Input(4), Dense(3), Keras.ReLU()), [5, 4]);

    /// <summary>
    /// conv → BN → tanh → conv → BN, added to a 1×1 projection of the input with its own BN, then tanh: the training-mode
    /// batch statistics included. tanh, not ReLU: a ±eps step of gamma moves some normalized values across ReLU's kink,
    /// which spoils central differences in float (ReLU's own rule is checked above).
    /// </summary>
    [Fact]
    public void Residual_block_with_batch_normalization_and_a_projection_shortcut()
    {
        var x = Input(4, 4, 2);
        var y = Tanh(BatchNormalization().Call(Conv2D(3, 3, padding: "same", useBias: false).Call(x)));
        y = BatchNormalization().Call(Conv2D(3, 3, padding: "same", useBias: false).Call(y));
        var shortcut = BatchNormalization().Call(Conv2D(3, 1, useBias: false).Call(x));
        Check(new Functional("block", x, Tanh(Add().Call(y, shortcut))), [3, 2, 4, 4]);
    }

    /// <summary>A depthwise-separable block (MobileNet's): a strided depthwise conv with a channel multiplier, BN, a grouped 1×1 conv, BN.</summary>
    [Fact]
    public void Depthwise_separable_block()
    {
        var x = Input(6, 5, 2);
        var y = Tanh(BatchNormalization().Call(DepthwiseConv2D(3, strides: 2, padding: "same", depthMultiplier: 2, useBias: false).Call(x)));
        Check(new Functional("separable", x, Tanh(BatchNormalization().Call(Conv2D(4, 1, groups: 2).Call(y)))), [3, 2, 6, 5]);
    }

    private static KerasTensor Tanh(KerasTensor x) => Activation(Keras.Tanh).Call(x);

    /// <summary>The model's training forward pass on a random batch; the parameters are graph inputs (moving statistics held fixed).</summary>
    private static void Check(Functional model, long[] inputShape)
    {
        Arg[] args =
        [
            Arg.Distinct("x", inputShape, 1) with { SymbolicBatch = true },
            .. model.ParameterInfos.Select((p, i) => (p.Name.EndsWith("variance")
                ? Arg.Random(p.Name, p.Shape, 10 + i, 0.5, 2) : Arg.Random(p.Name, p.Shape, 10 + i)) with { Differentiate = p.Trainable }),
        ];
        GradCheck.Check((b, v) =>
        {
            var byName = args.Select((a, i) => (a.Name, Value: v[i])).ToDictionary(p => p.Name, p => p.Value);
            return model.Forward(new LayerContext(b, training: true, name => byName[name]), v[0]);
        }, args, ElementType.Float);
    }
}
