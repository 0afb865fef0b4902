using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime.Tests;

/// <summary>Small models built directly with the graph builder, with their naive C# forward pass.</summary>
internal static class TinyModels
{
    public static readonly float[] W = [0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f]; // [3, 2]
    public static readonly float[] Bias = [0.1f, -0.2f];

    /// <summary>y = relu(x·W + b), x: [N, 3], y: [N, 2].</summary>
    public static OnnxModel DenseRelu()
    {
        var b = new GraphBuilder("dense_relu");
        var x = b.Input(ArtifactNames.Input, TensorType.Float(Dim.Batch, 3));
        var w = b.Initializer(Tensor.FromFloats("dense.kernel", [3, 2], W));
        var bias = b.Initializer(Tensor.FromFloats("dense.bias", [2], Bias));
        b.Output(b.Relu(b.Gemm(x, w, bias)), TensorType.Float(Dim.Batch, 2), ArtifactNames.Output);
        return new OnnxModel(b.Graph);
    }

    public static float[] DenseReluReference(float[] x)
    {
        var n = x.Length / 3;
        var y = new float[n * 2];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < 2; j++)
            {
                var s = Bias[j];
                for (var k = 0; k < 3; k++) s += x[i * 3 + k] * W[k * 2 + j];
                y[i * 2 + j] = Math.Max(0, s);
            }
        return y;
    }

    /// <summary>Saves <paramref name="model"/> as <paramref name="name"/> in <paramref name="dir"/>; returns the path.</summary>
    public static string Save(TempDir dir, OnnxModel model, string name)
    {
        var path = dir.File(name);
        ModelSerializer.Save(model, path);
        return path;
    }
}
