using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Onnxdl.Graph;

/// <summary>
/// Training state on disk: named tensors (parameters, optimizer states, running statistics) plus
/// progress (<see cref="CheckpointProgress"/>, typed). One file: magic, a JSON header, the raw tensor
/// bytes, and a SHA-256 of everything before it, so a truncated or altered file is refused.
/// Written to a temporary name, flushed to disk, then renamed: a crash leaves the previous file whole.
/// </summary>
public sealed class Checkpoint
{
    private static readonly byte[] Magic = "ONNXDLCK"u8.ToArray();
    /// <summary>Version 2 types the progress; version 1 (progress fields as strings in "Extra") is still read.</summary>
    private const int FormatVersion = 2;
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
        var header = ReadHeader(body.Slice(Magic.Length + 4, headerLength));
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

    private static CheckpointHeader ReadHeader(ReadOnlySpan<byte> json)
    {
        var version = JsonSerializer.Deserialize<VersionOnly>(json)?.Version;
        return version switch
        {
            FormatVersion => JsonSerializer.Deserialize<CheckpointHeader>(json),
            1 => JsonSerializer.Deserialize<HeaderV1>(json)?.Upgrade(),
            _ => throw new CheckpointException($"has format version {version}; this onnxdl reads versions 1 to {FormatVersion}."),
        } ?? throw new CheckpointException("has an empty header.");
    }

    private sealed record VersionOnly(int Version);

    private sealed record CheckpointHeader(int Version, CheckpointProgress Progress, List<CheckpointEntry> Tensors);

    /// <summary>Version 1 kept the learning rate, the batch in the epoch and its sums as strings (and an unread "optimizer").</summary>
    private sealed record HeaderV1(int Version, ProgressV1 Progress, List<CheckpointEntry> Tensors)
    {
        public CheckpointHeader Upgrade()
        {
            var extra = Progress.Extra;
            return new CheckpointHeader(FormatVersion, new CheckpointProgress
            {
                Epoch = Progress.Epoch,
                Step = Progress.Step,
                Seed = Progress.Seed,
                LearningRate = extra.TryGetValue("lr", out var lr) ? float.Parse(lr, CultureInfo.InvariantCulture)
                    : throw new CheckpointException("is a version-1 checkpoint without its learning rate (\"lr\")."),
                BatchInEpoch = extra.TryGetValue("batch", out var batch) ? int.Parse(batch, CultureInfo.InvariantCulture) : 0,
                EpochSums = extra.TryGetValue("sums", out var sums) ? JsonSerializer.Deserialize<double[]>(sums) ?? [] : [],
            }, Tensors);
        }
    }

    private sealed record ProgressV1(int Epoch, long Step, long Seed, Dictionary<string, string> Extra);

    private sealed record CheckpointEntry(string Name, int ElementType, long[] Dims, long Offset, long Length);
}
