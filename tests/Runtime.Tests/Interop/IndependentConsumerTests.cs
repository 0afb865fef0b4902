using OpenCvSharp;
using OpenCvSharp.Dnn;
using Onnxdl.Graph.Layers;

namespace Onnxdl.Runtime.Tests.Interop;

/// <summary>
/// Every exported inference model, opened by consumers that share no code with us or with ONNX Runtime's C#
/// API — OpenCV's DNN importer, ONNX Runtime for Node.js and its WebAssembly build — gives our Predictor's
/// outputs (rtol 1e-4).
/// </summary>
public class IndependentConsumerTests
{
    public static TheoryData<string> Specs() => [.. ExportedModels.Specs];

    private static (string Path, TensorData X, float[] Expected) Exported(TempDir dir, string spec, long opset = 17)
    {
        var model = ExportedModels.Randomized(spec);
        var path = ExportedModels.Save(dir, model.ToOnnx(new ExportOptions { Opset = opset }), $"{spec}.onnx");
        var x = ExportedModels.Batch(model, 3);
        using var predictor = Predictor.Load(path);
        return (path, x, (float[])predictor.Predict(x).Data);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void OpenCv_dnn_gives_the_predictor_outputs(string spec)
    {
        using var dir = new TempDir();
        var (path, x, expected) = Exported(dir, spec);
        Assert.Equal(expected, OpenCvDnn(path, x), (a, b) => Math.Abs(a - b) <= 1e-6 + 1e-4 * Math.Abs(b));
    }

    [NodeTheory]
    [MemberData(nameof(Specs))]
    public void Onnxruntime_node_gives_the_predictor_outputs(string spec)
    {
        using var dir = new TempDir();
        var (path, x, expected) = Exported(dir, spec);
        var outputs = NodeRuntime.Run(path, new Dictionary<string, TensorData> { ["input"] = x }, wasm: false);
        ExportedModels.AssertClose(expected, outputs["output"], $"{spec} in onnxruntime-node");
    }

    [NodeTheory]
    [MemberData(nameof(Specs))]
    public void Onnxruntime_web_wasm_gives_the_predictor_outputs(string spec)
    {
        using var dir = new TempDir();
        var (path, x, expected) = Exported(dir, spec);
        var outputs = NodeRuntime.Run(path, new Dictionary<string, TensorData> { ["input"] = x }, wasm: true);
        ExportedModels.AssertClose(expected, outputs["output"], $"{spec} in onnxruntime-web (wasm)");
    }

    public static TheoryData<string, long> OlderAndNewerOpsets()
    {
        var cases = new TheoryData<string, long>();
        foreach (var spec in new[] { "cnn", "bn_pool" })
            for (var opset = ExportOptions.MinOpset; opset <= ExportOptions.MaxOpset; opset++)
                if (opset != 17) cases.Add(spec, opset);
        return cases;
    }

    /// <summary>The lowered exports (opset 9 to 21) in OpenCV give what opset 17 gives in our Predictor.</summary>
    [Theory]
    [MemberData(nameof(OlderAndNewerOpsets))]
    public void OpenCv_dnn_reads_every_opset_alike(string spec, long opset)
    {
        using var dir = new TempDir();
        var (_, x, expected) = Exported(dir, spec);
        var (path, _, _) = Exported(dir, spec, opset);
        ExportedModels.AssertClose(expected, OpenCvDnn(path, x), $"{spec} at opset {opset} in OpenCV");
    }

    /// <summary>Runs the file through OpenCV's own ONNX importer and DNN engine (CPU).</summary>
    internal static float[] OpenCvDnn(string path, TensorData x)
    {
        using var net = CvDnn.ReadNetFromOnnx(path) ?? throw new InvalidOperationException($"OpenCV could not read {path}.");
        using var blob = new Mat([.. x.Dims.Select(d => (int)d)], MatType.CV_32F);
        var data = (float[])x.Data;
        System.Runtime.InteropServices.Marshal.Copy(data, 0, blob.Data, data.Length);
        net.SetInput(blob);
        using var y = net.Forward();
        var result = new float[y.Total()];
        System.Runtime.InteropServices.Marshal.Copy(y.Data, result, 0, result.Length);
        return result;
    }
}
