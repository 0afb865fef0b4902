namespace Onnxdl.Cli.Tests;

/// <summary>models/branches.json (every merge layer, ZeroPadding2D, ReLU, BatchNormalization) trained by <c>onnxdl train</c> for one short epoch.</summary>
public sealed class FunctionalModelFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public FunctionalModelFixture()
    {
        Spec = Path.Combine(AppContext.BaseDirectory, "models", "branches.json");
        var run = Cli.Run("train", "--model", Spec, "--data", "fashion-mnist", "--limit", "300", "--epochs", "1",
            "--out", Path.Combine(_dir.Path, "run"), "--quiet");
        if (run.Code != 0) throw new InvalidOperationException($"Training {Spec} failed: {run.Err}");
        Model = Path.Combine(_dir.Path, "run", "model.onnx");
    }

    public string Spec { get; }

    /// <summary>The trained model.onnx.</summary>
    public string Model { get; }

    /// <summary>A fresh folder under the fixture's temporary directory.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(_dir.Path, name)).FullName;

    public void Dispose() => _dir.Dispose();
}
