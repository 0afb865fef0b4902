using Onnxdl.Graph;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>The inference models the interop tests hand to other consumers, with random parameters and inputs.</summary>
internal static class ExportedModels
{
    /// <summary>The seed's dense regression, the seed CNN, a model with BatchNormalization, AveragePooling and channel softmax, and two functional models (every merge layer; residual blocks).</summary>
    public static readonly string[] Specs = ["dense", "cnn", "bn_pool", "branches", "resnet_small"];

    public static Functional Randomized(string spec, int seed = 3)
    {
        var model = ModelSpec.Load(Repo.Path($"models/{spec}.json")).Build(seed);
        var random = new Random(seed);
        float Uniform(float lo, float hi) => lo + (hi - lo) * random.NextSingle();
        model.SetParameters(model.ParameterInfos.ToDictionary(p => p.Name, p =>
        {
            var variance = p.Name.EndsWith("variance");
            return Tensor.FromFloats(p.Name, p.Shape, [.. Enumerable.Range(0, (int)p.Count).Select(_ => variance ? Uniform(0.5f, 2) : Uniform(-0.5f, 0.5f))]);
        }));
        return model;
    }

    /// <summary>A batch of <paramref name="n"/> uniform [0, 1) samples for <paramref name="model"/>'s input.</summary>
    public static TensorData Batch(Functional model, int n, int seed = 11)
    {
        var random = new Random(seed);
        long[] dims = [n, .. model.Input.Shape.Select(d => (long)d)];
        return TensorData.Of([.. Enumerable.Range(0, (int)Tensor.ElementCount(dims)).Select(_ => random.NextSingle())], dims);
    }

    /// <summary>Saves <paramref name="model"/> as <paramref name="name"/> in <paramref name="dir"/>; returns the path.</summary>
    public static string Save(TempDir dir, OnnxModel model, string name)
    {
        var path = dir.File(name);
        ModelSerializer.Save(model, path);
        return path;
    }

    /// <summary>Asserts |a − e| ≤ 1e-6 + rtol·|e| element-wise, naming the first offender.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what, double rtol = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= 1e-6 + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}: element {i}: expected {expected[i]}, got {actual[i]}.");
    }
}
