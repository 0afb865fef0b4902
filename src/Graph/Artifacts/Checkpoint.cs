using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Onnxdl.Graph;

/// <summary>
/// Training state on disk: named tensors (parameters, optimizer states, running statistics) plus
/// progress (epoch, step, seed and free-form fields). One file: magic, a JSON header, the raw tensor
/// bytes, and a SHA-256 of everything before it, so a truncated or altered file is refused.
/// Written to a temporary name, flushed to disk, then renamed: a crash leaves the previous file whole.
/// </summary>
public sealed class Checkpoint
{
    private static readonly byte[] Magic = "ONNXDLCK"u8.ToArray();
    private const int FormatVersion = 1;
    private const int MaxHeaderBytes = 16 << 20;

    /// <summary>Every saved tensor by name: parameters, optimizer states and running statistics.</summary>
    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);
    /// <summary>Where training stood: epoch, step, learning rate, batch within the epoch.</summary>
    public CheckpointProgress Progress { get; set; } = new();

    /// <summary>Writes the checkpoint atomically (temporary file, flush, rename), so a crash never leaves a torn file at <paramref name="path"/>.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Reads a checkpoint; throws <see cref="CheckpointException"/> naming the file when it is truncated or not a checkpoint.</summary>
    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Read(bytes);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is damaged: {e.Message}", e);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"Checkpoint '{path}' {e.Message}", e);
        }
    }

    private void WriteTo(Stream stream)
    {
        var entries = new List<CheckpointEntry>();
        long offset = 0;
        foreach (var (name, t) in Tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            entries.Add(new CheckpointEntry(name, (int)t.ElementType, t.Dims, offset, t.Raw.LongLength));
            offset += t.Raw.LongLength;
        }
        var header = JsonSerializer.SerializeToUtf8Bytes(new CheckpointHeader(FormatVersion, Progress, entries));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Write(ReadOnlySpan<byte> data)
        {
            stream.Write(data);
            hash.AppendData(data);
        }
        Write(Magic);
        Write(BitConverter.GetBytes(header.Length));
        Write(header);
        foreach (var (_, t) in Tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Write(t.Raw);
        stream.Write(hash.GetHashAndReset());
    }

    private static Checkpoint Read(byte[] bytes)
    {
        const int hashBytes = 32;
        if (bytes.Length < Magic.Length + 4 + hashBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException("is not an onnxdl checkpoint (bad magic or too short).");
        var body = bytes.AsSpan(0, bytes.Length - hashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashBytes)))
            throw new CheckpointException("is truncated or corrupted (checksum mismatch).");
        var headerLength = BitConverter.ToInt32(bytes, Magic.Length);
        var dataStart = Magic.Length + 4 + (long)headerLength;
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || dataStart > body.Length)
            throw new CheckpointException($"has an impossible header length {headerLength}.");
        var header = JsonSerializer.Deserialize<CheckpointHeader>(body.Slice(Magic.Length + 4, headerLength))
            ?? throw new CheckpointException("has an empty header.");
        if (header.Version != FormatVersion)
            throw new CheckpointException($"has format version {header.Version}; this onnxdl reads version {FormatVersion}.");
        var checkpoint = new Checkpoint { Progress = header.Progress };
        foreach (var e in header.Tensors)
        {
            if (e.Offset < 0 || e.Length < 0 || dataStart + e.Offset + e.Length > body.Length)
                throw new CheckpointException($"tensor '{e.Name}' lies beyond the end of the file.");
            var raw = body.Slice((int)(dataStart + e.Offset), (int)e.Length).ToArray();
            checkpoint.Tensors[e.Name] = new Tensor(e.Name, (ElementType)e.ElementType, e.Dims, raw);
        }
        return checkpoint;
    }

    /// <summary>
    /// Checks that this checkpoint holds exactly the expected tensors with the expected shapes, naming
    /// every missing, unexpected or mis-shaped one.
    /// </summary>
    public void Validate(IReadOnlyDictionary<string, long[]> expected)
    {
        var problems = new List<string>();
        problems.AddRange(expected.Keys.Where(k => !Tensors.ContainsKey(k)).Select(k => $"missing '{k}'"));
        problems.AddRange(Tensors.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"unexpected '{k}'"));
        foreach (var (name, dims) in expected)
            if (Tensors.TryGetValue(name, out var t) && !t.Dims.SequenceEqual(dims))
                problems.Add($"'{name}' has shape [{string.Join(",", t.Dims)}], the model expects [{string.Join(",", dims)}]");
        if (problems.Count > 0)
            throw new CheckpointException($"does not match the model: {string.Join("; ", problems)}.");
    }

    private sealed record CheckpointHeader(int Version, CheckpointProgress Progress, List<CheckpointEntry> Tensors);

    private sealed record CheckpointEntry(string Name, int ElementType, long[] Dims, long Offset, long Length);
}

/// <summary>Where training stood when the checkpoint was written.</summary>
public sealed record CheckpointProgress
{
    /// <summary>Epochs completed.</summary>
    public int Epoch { get; init; }

    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; init; }

    /// <summary>The seed of the run, so a resumed run repeats the same shuffles and noise.</summary>
    public long Seed { get; init; }
    /// <summary>Further key/value pairs that a caller stores with the checkpoint.</summary>
    public Dictionary<string, string> Extra { get; init; } = [];
}

/// <summary>A checkpoint file that cannot be read or does not match the model; the message names the file and the tensor.</summary>
/// <param name="message">What was wrong, with the file and what was expected.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
