using Google.Protobuf;
using Onnxdl.Graph.Proto;

namespace Onnxdl.Graph;

/// <summary>
/// Reads and writes <c>.onnx</c> files. Writing is deterministic (same model → same bytes), so a
/// parse → serialize round trip of our own output is byte-stable.
/// </summary>
public static class ModelSerializer
{
    /// <summary>Above this size a model file is refused before it is read (protobuf's own 2 GiB limit).</summary>
    public const long MaxModelBytes = int.MaxValue;

    /// <summary>The model in ONNX protobuf form.</summary>
    public static byte[] ToBytes(OnnxModel model) => ProtoWriter.Write(model).ToByteArray();

    /// <summary>Writes the model atomically to <paramref name="path"/>.</summary>
    public static void Save(OnnxModel model, string path) => AtomicFile.Write(path, ProtoWriter.Write(model).WriteTo);

    /// <summary>Parses a model; <paramref name="baseDirectory"/> resolves external data (none when null).</summary>
    public static OnnxModel Parse(byte[] bytes, string source = "<bytes>", string? baseDirectory = null) => Parse(bytes, source, baseDirectory, null);

    private static OnnxModel Parse(byte[] bytes, string source, string? baseDirectory, ISet<string>? externalFiles)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"{source}: not a valid ONNX model (protobuf parse failed: {e.Message}).", e);
        }
        return ProtoReader.Read(proto, source, baseDirectory, externalFiles);
    }

    /// <summary>Reads an ONNX model (with external data next to it); throws <see cref="OnnxFormatException"/> naming the file when it is not a valid model.</summary>
    public static OnnxModel Load(string path) => Load(path, null);

    /// <summary>
    /// The files the model at <paramref name="path"/> reads external tensor data from, as locations relative to its folder,
    /// each checked as <see cref="Load(string)"/> checks it (inside the folder, no links, long enough); sorted.
    /// </summary>
    public static IReadOnlyList<string> ExternalDataFiles(string path)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        Load(path, files);
        return [.. files.Order(StringComparer.Ordinal)];
    }

    private static OnnxModel Load(string path, ISet<string>? externalFiles)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX model '{path}' does not exist.", path);
        var length = new FileInfo(path).Length;
        if (length > MaxModelBytes)
            throw new OnnxFormatException($"{path}: {length} bytes is larger than the {MaxModelBytes}-byte protobuf limit.");
        return Parse(File.ReadAllBytes(path), path, Path.GetDirectoryName(Path.GetFullPath(path)), externalFiles);
    }
}
