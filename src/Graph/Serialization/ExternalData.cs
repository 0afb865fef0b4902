using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph;

/// <summary>
/// Reads ONNX external tensor data, refusing anything that could read outside the model's folder:
/// absolute paths, "..", symbolic links, and ranges beyond the file's end.
/// </summary>
internal static class ExternalData
{
    /// <summary>The tensor's bytes; its location (relative to the model's folder) is added to <paramref name="files"/>.</summary>
    public static byte[] Read(TensorProto proto, long expectedBytes, string source, string? baseDirectory, ISet<string>? files)
    {
        string Fail(string why) => throw new OnnxFormatException($"{source}: tensor '{proto.Name}' external data refused: {why}.");

        if (baseDirectory is null) Fail("the model was not loaded from a file, so there is no folder to read it from");
        var entries = proto.ExternalData.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (!entries.TryGetValue("location", out var location) || location.Length == 0) Fail("no 'location' given");
        var offset = ParseLong(entries, "offset", 0, Fail);
        var length = ParseLong(entries, "length", expectedBytes, Fail);
        if (length != expectedBytes) Fail($"length {length} does not match the {expectedBytes} bytes its dims need");

        var path = ResolveInside(baseDirectory!, location!, Fail);
        var file = new FileInfo(path);
        if (!file.Exists) Fail($"'{location}' does not exist next to the model");
        if (file.LinkTarget is not null) Fail($"'{location}' is a symbolic link");
        if (offset < 0 || offset > file.Length || length > file.Length - offset)
            Fail($"offset {offset} + length {length} lies beyond the end of '{location}' ({file.Length} bytes)");

        files?.Add(location!);
        var data = new byte[length];
        using var stream = file.OpenRead();
        stream.Position = offset;
        stream.ReadExactly(data);
        return data;
    }

    private static string ResolveInside(string baseDirectory, string location, Func<string, string> fail)
    {
        if (Path.IsPathRooted(location)) fail($"location '{location}' is an absolute path");
        if (location.Split('/', '\\').Contains("..")) fail($"location '{location}' climbs out of the model's folder");
        var root = Path.GetFullPath(baseDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, location));
        if (!full.StartsWith(root, StringComparison.Ordinal)) fail($"location '{location}' resolves outside the model's folder");
        for (var dir = Path.GetDirectoryName(full); dir is not null && dir.Length >= root.Length - 1; dir = Path.GetDirectoryName(dir))
            if (dir.Length >= root.Length && new DirectoryInfo(dir).LinkTarget is not null)
                fail($"location '{location}' passes through a symbolic link");
        return full;
    }

    private static long ParseLong(Dictionary<string, string> entries, string key, long fallback, Func<string, string> fail)
    {
        if (!entries.TryGetValue(key, out var text)) return fallback;
        if (!long.TryParse(text, out var value) || value < 0) fail($"'{key}' is '{text}', expected a non-negative integer");
        return value;
    }
}
