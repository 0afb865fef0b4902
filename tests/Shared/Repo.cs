namespace Onnxdl.Tests;

/// <summary>The repository the tests run from: the folder above the test binaries that holds Onnx.sln.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Onnx.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Onnx.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
