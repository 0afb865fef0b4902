namespace Onnxdl.Runtime.Tests.Interop;

internal static class Repo
{
    /// <summary>The repository root, from this source file's location.</summary>
    public static string Root { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string Find([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "../../.."));
}
