using Onnxdl.Augment;
using Onnxdl.Graph;
using Onnxdl.Graph.Layers;
using Onnxdl.Runtime;
using static Onnxdl.Graph.Layers.Keras;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// A tiny seeded CNN on 8×8 grey images (3 classes, softmax) saved twice — with labels and mean/std preprocessing
/// in its metadata, and bare — plus PNGs of known pixels. <see cref="Expected"/> runs the Predictor directly on
/// tensors the test computes from those pixels itself, so the code under test never supplies its own reference.
/// </summary>
public sealed class ImageModelFixture : IDisposable
{
    public const int Side = 8;
    public static readonly string[] Labels = ["cat", "dog", "bird"];
    public const float Mean = 0.25f, Std = 0.5f;
    private readonly TempDir _folder = new();

    public ImageModelFixture()
    {
        Folder = _folder.Path;
        var network = new Sequential("tiny_cnn", Input(Side, Side, 1), Conv2D(4, 3, activation: "relu"), Flatten(), Dense(3, activation: "softmax")).Build(seed: 7);
        var preprocessing = new Preprocessing(Side, Side, 1) { Mean = [Mean], Std = [Std] };
        LabelledModel = Save(network.ToOnnx(new ExportOptions { Labels = Labels, Preprocessing = preprocessing.ToJson() }), "labelled.onnx");
        BareModel = Save(network.ToOnnx(), "bare.onnx");

        var random = new Random(11);
        Pixels = [.. Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, Side * Side).Select(_ => (byte)random.Next(256)).ToArray())];
        ImageFolder = Path.Combine(Folder, "images");
        var features = Pixels.SelectMany(p => p.Select(b => b / 255f)).ToArray();
        var dataset = new ArrayDataset(features, new int[Pixels.Length], [1, Side, Side], ["x"]);
        IdxImageExporter.Export(dataset, ImageFolder);
        // The exporter names files <label>.<index>.png; ordinal order is index order for fewer than 10 images.
        ImageFiles = [.. Enumerable.Range(0, Pixels.Length).Select(i => Path.Combine(ImageFolder, $"0.{i}.png"))];
        Predictor = Predictor.Load(BareModel);
    }

    public string Folder { get; }
    public string LabelledModel { get; }
    public string BareModel { get; }
    public string ImageFolder { get; }
    public string[] ImageFiles { get; }
    public byte[][] Pixels { get; }
    public Predictor Predictor { get; }

    /// <summary>Class probabilities of image <paramref name="i"/>, with or without the labelled model's mean/std.</summary>
    public float[] Expected(int i, bool normalized)
    {
        var x = Pixels[i].Select(b => normalized ? (b / 255f - Mean) / Std : b / 255f).ToArray();
        return Predictor.Predict(TensorData.Of(x, 1, 1, Side, Side)).Floats;
    }

    private string Save(OnnxModel model, string name)
    {
        var path = Path.Combine(Folder, name);
        ModelSerializer.Save(model, path);
        return path;
    }

    public void Dispose()
    {
        Predictor.Dispose();
        _folder.Dispose();
    }
}
