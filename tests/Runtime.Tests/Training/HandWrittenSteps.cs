using System.Text.Json;
using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;

namespace Onnxdl.Runtime.Tests;

/// <summary>
/// A train step for linear regression with its gradient written by hand (no autodiff), so the
/// engine's binding and buffer swapping are tested on their own.
/// </summary>
internal static class HandWrittenSteps
{
    /// <summary>loss = mean((x·w + b − y)²); w ← w − lr·2·mean(x·d); b ← b − lr·2·mean(d); also a "noise" input summed into a metric.</summary>
    public static (OnnxModel Train, OnnxModel Eval) LinearRegression()
    {
        var b = new GraphBuilder("train_step", 18);
        var x = b.Input(ArtifactNames.Input, TensorType.Float(Dim.Batch, 2));
        var y = b.Input(ArtifactNames.Target, TensorType.Float(Dim.Batch, 1));
        var lr = b.Input(ArtifactNames.LearningRate, TensorType.Float());
        b.Input(ArtifactNames.Step, TensorType.Int64());
        var noise = b.Input("noise", TensorType.Float(Dim.Batch, 3));
        var w = b.Input("w", TensorType.Float(2, 1));
        var bias = b.Input("b", TensorType.Float(1));
        var d = b.Sub(b.Add(b.MatMul(x, w), bias), y);
        b.Output(b.ReduceMean(b.Mul(d, d), keepDims: false), TensorType.Float(), ArtifactNames.Loss);
        b.Output(b.ReduceMean(noise, keepDims: false), TensorType.Float(), "noise_mean");
        var two = b.Constant(2f);
        var gw = b.Reshape(b.Mul(two, b.ReduceMean(b.Mul(x, d), [0], keepDims: false)), [2, 1]);
        var gb = b.Mul(two, b.ReduceMean(d, [0], keepDims: false));
        b.Output(b.Sub(w, b.Mul(lr, gw)), TensorType.Float(2, 1), ArtifactNames.Updated("w"));
        b.Output(b.Sub(bias, b.Mul(lr, gb)), TensorType.Float(1), ArtifactNames.Updated("b"));
        var train = new OnnxModel(b.Graph, 18);
        train.SetMetadata(MetadataKeys.StateMap, JsonSerializer.Serialize(new Dictionary<string, string> { [ArtifactNames.Updated("w")] = "w", [ArtifactNames.Updated("b")] = "b" }));
        train.SetMetadata(MetadataKeys.NoiseInputs, JsonSerializer.Serialize(new[] { "noise" }));

        var e = new GraphBuilder("eval_step", 18);
        var ex = e.Input(ArtifactNames.Input, TensorType.Float(Dim.Batch, 2));
        var ey = e.Input(ArtifactNames.Target, TensorType.Float(Dim.Batch, 1));
        var ew = e.Input("w", TensorType.Float(2, 1));
        var eb = e.Input("b", TensorType.Float(1));
        var pred = e.Add(e.MatMul(ex, ew), eb);
        var ed = e.Sub(pred, ey);
        e.Output(e.ReduceMean(e.Mul(ed, ed), keepDims: false), TensorType.Float(), ArtifactNames.Loss);
        e.Output(pred, TensorType.Float(Dim.Batch, 1), ArtifactNames.Output);
        return (train, new OnnxModel(e.Graph, 18));
    }
}
