using Onnxdl.Graph;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Cli.Tests;

/// <summary>A dense model whose input and output have a fixed first dimension of 1 ([1,5] → [1,2]): it cannot be batched.</summary>
internal static class FixedBatchModel
{
    public static void Save(string path)
    {
        var model = new Sequential("fixed", Keras.Input(5), Keras.Dense(2)).Build(seed: 1).ToOnnx();
        model.Graph.Inputs[0] = FirstDimOne(model.Graph.Inputs[0]);
        model.Graph.Outputs[0] = FirstDimOne(model.Graph.Outputs[0]);
        ModelSerializer.Save(model, path);
    }

    private static ValueInfo FirstDimOne(ValueInfo value) =>
        value with { Type = value.Type with { Shape = [Dim.Of(1), .. value.Type.Shape!.Skip(1)] } };
}
