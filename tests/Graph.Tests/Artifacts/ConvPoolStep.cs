using Onnxdl.Graph.Tests.Support;
using Onnxdl.Graph.Autodiff;
using Onnxdl.Graph.Tests.Autodiff;

namespace Onnxdl.Graph.Tests.Artifacts;

/// <summary>
/// Conv → Relu → MaxPool → Σ pooled·r on two Fashion-MNIST images, with the conv's weight and bias gradients:
/// the step the train-step pooling rewrites must leave unchanged. Blank backgrounds tie whole windows, and
/// biases of both signs tie some above zero and some at zero.
/// </summary>
internal sealed record ConvPoolStep(long Kernel = 3, long Pad = 0, long Window = 2)
{
    public const int N = 2, Size = 28, Filters = 4;

    public long Pooled => (Size + 2 * Pad - Kernel + 1) / Window;

    public static PoolAttrs Pool(long window) => new([window, window], [window, window], [0, 0, 0, 0]);

    /// <summary>The step's graph; <paramref name="rewrite"/> runs on the forward part, as train_step's rewrites do.</summary>
    public OnnxModel Build(GradientTarget target, Action<OnnxGraph>? rewrite = null)
    {
        var b = new GraphBuilder("step");
        var x = b.Input("x", TensorType.Float(Dim.Batch, 1, Size, Size));
        var w = b.Input("w", TensorType.Float(Filters, 1, Kernel, Kernel));
        var bias = b.Input("bias", TensorType.Float(Filters));
        var r = b.Input("r", TensorType.Float(Dim.Batch, Filters, Pooled, Pooled));
        var conv = new ConvAttrs([Kernel, Kernel], [1, 1], [Pad, Pad, Pad, Pad], [1, 1]);
        var pooledType = TensorType.Float(Dim.Batch, Filters, Pooled, Pooled);
        var pooled = b.Output(b.MaxPool(b.Relu(b.Conv(x, w, bias, conv)), Pool(Window)), pooledType, "pooled");
        rewrite?.Invoke(b.Graph);
        var loss = b.ReduceSum(b.Mul(pooled, r), keepDims: false);
        var grads = Gradients.Build(b, loss, ["w", "bias"], new GradientOptions(Target: target));
        b.Output(grads["w"], TensorType.Float(Filters, 1, Kernel, Kernel), "dw");
        b.Output(grads["bias"], TensorType.Float(Filters), "dbias");
        return new OnnxModel(b.Graph);
    }

    /// <summary>pooled, dw and dbias of the step on fixed images, weights and upstream r.</summary>
    public Dictionary<string, double[]> Run(OnnxModel model)
    {
        (string, long[], double[])[] inputs =
        [
            ("x", [N, 1, Size, Size], MaxPoolTiesTests.ReadImages(N, Size)),
            ("w", [Filters, 1, Kernel, Kernel], Arg.Rand(Filters * Kernel * Kernel, 3)),
            ("bias", [Filters], [0.3, -0.2, 0.05, -0.6]),
            ("r", [N, Filters, Pooled, Pooled], Arg.Rand(N * Filters * Pooled * Pooled, 5)),
        ];
        string[] outputs = ["pooled", "dw", "dbias"];
        using var ort = new Ort(model);
        var results = ort.Run(inputs, outputs);
        return outputs.Select((name, i) => (name, results[i].Values)).ToDictionary();
    }

    /// <summary>Asserts the rewritten step computes what the original does, on tied windows.</summary>
    public void AssertSameAs(GradientTarget target, Action<OnnxGraph> rewrite, double tolerance)
    {
        var original = Run(Build(target));
        var rewritten = Run(Build(target, rewrite));
        Assert.Contains(original["pooled"], v => v == 0); // windows tied at zero after the Relu
        foreach (var (name, expected) in original)
        {
            var actual = rewritten[name];
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
