using Onnxdl.Graph;
using Onnxdl.Graph.Artifacts;
using Onnxdl.Graph.Layers;
using Onnxdl.Graph.Losses;
using Onnxdl.Graph.Optimizers;
using OpenCvSharp;

namespace Onnxdl.Cli;

/// <summary>The valid inputs fuzzing campaigns mutate.</summary>
internal static class FuzzSeeds
{
    /// <summary>Where Debian's libonnx-testdata puts the ONNX backend test models.</summary>
    public const string OnnxTestData = "/usr/share/libonnx-testdata/data";

    /// <summary>Backend test models with subgraphs (If, Loop, Scan), sequences, a recurrent layer and typed initializers.</summary>
    private static readonly string[] TestDataModels =
    [
        "node/test_if", "node/test_loop11", "node/test_scan9_sum", "node/test_lstm_defaults", "node/test_gather_0",
        "node/test_reshape_reduced_dims", "node/test_constant", "simple/test_sequence_model1", "pytorch-converted/test_AvgPool2d",
    ];

    /// <summary>
    /// Our own models, as another tool would read them: each spec in <paramref name="specsFolder"/> exported, and its
    /// train_step and eval_step (mean squared error, Adam); then the backend test models above.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Models(string specsFolder)
    {
        var seeds = new List<(string, byte[])>();
        foreach (var spec in Directory.GetFiles(specsFolder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(spec);
            var network = ModelSpec.Load(spec).Build(0);
            var artifacts = TrainingArtifacts.Build(network, new MeanSquaredError(), new Adam(), []);
            seeds.Add((name, ModelSerializer.ToBytes(network.ToOnnx())));
            seeds.Add(($"{name} train_step", ModelSerializer.ToBytes(artifacts.TrainStep)));
            seeds.Add(($"{name} eval_step", ModelSerializer.ToBytes(artifacts.EvalStep)));
        }
        foreach (var model in TestDataModels)
        {
            var path = Path.Combine(OnnxTestData, model, "model.onnx");
            if (!File.Exists(path)) throw new FileNotFoundException($"Fuzzing seed '{path}' does not exist; install libonnx-testdata (build.ps1 setup does).", path);
            seeds.Add((model, File.ReadAllBytes(path)));
        }
        return seeds;
    }

    /// <summary>A small colour gradient (24 × 16, BGR) encoded as PNG, JPEG and BMP.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Images()
    {
        const int rows = 16, cols = 24;
        using var image = new Mat(rows, cols, MatType.CV_8UC3);
        for (var y = 0; y < rows; y++)
            for (var x = 0; x < cols; x++)
                image.Set(y, x, new Vec3b((byte)(10 * x), (byte)(15 * y), (byte)(x * y)));
        return [.. new[] { ".png", ".jpg", ".bmp" }.Select(extension =>
        {
            Cv2.ImEncode(extension, image, out var bytes);
            return ($"gradient{extension}", bytes);
        })];
    }
}
