namespace Onnxdl.Tests;

/// <summary>A fresh temporary folder, deleted with everything in it when disposed (<c>using var dir = new TempDir();</c>).</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("onnxdl-tests-").FullName;

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public override string ToString() => Path;

    public static implicit operator string(TempDir dir) => dir.Path;

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
