using Onnxdl.Augment;

namespace Onnxdl.Cli;

/// <summary>Turns the image paths given on the command line into files: folders become their images, sorted.</summary>
internal static class ImageFiles
{
    public static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path)) files.AddRange(InFolder(path));
            else throw new UsageException($"Image path '{path}' is neither a file nor a folder.");
        }
        return files;
    }

    private static IEnumerable<string> InFolder(string folder)
    {
        var images = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageFolder.ImageExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0)
            throw new UsageException($"Folder '{folder}' holds no images (extensions {string.Join(" ", ImageFolder.ImageExtensions.Order())}).");
        return images;
    }
}
