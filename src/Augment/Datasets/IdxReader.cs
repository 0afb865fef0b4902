using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Onnxdl.Augment;

/// <summary>
/// Reads IDX files (MNIST, Fashion-MNIST), gzipped or not (detected by the gzip magic bytes).
/// Only the unsigned-byte element type (0x08) is supported, which is what both datasets use.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads the first <paramref name="limit"/> items (all when null) along the first dimension.</summary>
    public static IdxArray Read(string path, int? limit = null)
    {
        try
        {
            using var stream = Open(path);
            return Read(stream, path, limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new DataException($"Cannot read IDX file '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>Loads an images file ([N, H, W]) and a labels file ([N]) as an NCHW dataset scaled by 1/255.</summary>
    public static ArrayDataset LoadDataset(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, int? limit = null)
    {
        var images = Read(imagesPath, limit);
        var labels = Read(labelsPath, limit);
        if (images.Dimensions.Length != 3)
            throw new DataException($"IDX images file '{imagesPath}' has {images.Dimensions.Length} dimensions; expected 3 (count, rows, columns).", imagesPath);
        if (labels.Dimensions.Length != 1)
            throw new DataException($"IDX labels file '{labelsPath}' has {labels.Dimensions.Length} dimensions; expected 1 (count).", labelsPath);
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new DataException($"'{imagesPath}' holds {images.Dimensions[0]} images but '{labelsPath}' holds {labels.Dimensions[0]} labels; expected equal counts.", labelsPath);
        var intLabels = Array.ConvertAll(labels.Data, b => (int)b);
        var names = classNames ?? Enumerable.Range(0, intLabels.Max() + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        int rows = images.Dimensions[1], cols = images.Dimensions[2];
        var preprocessing = new Preprocessing(cols, rows, 1);
        // Multiply by the float scale, as OpenCV does, so these features equal those of the same
        // images decoded from PNG files bit for bit.
        var features = new float[images.Data.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Data[i] * preprocessing.Scale;
        return new ArrayDataset(features, intLabels, [1, rows, cols], names, preprocessing);
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int read = file.Read(magic);
        file.Position = 0;
        bool gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return gzip ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static IdxArray Read(Stream stream, string path, int? limit)
    {
        Span<byte> header = stackalloc byte[4];
        ReadFully(stream, header, path, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0)
            throw new DataException($"'{path}' is not an IDX file: its magic number starts {header[0]:x2} {header[1]:x2}, expected 00 00.", path);
        if (header[2] != UnsignedByte)
            throw new DataException($"IDX file '{path}' has element type 0x{header[2]:x2}; only unsigned bytes (0x08) are supported.", path);
        int rank = header[3];
        if (rank is < 1 or > 4)
            throw new DataException($"IDX file '{path}' declares {rank} dimensions; expected 1 to 4.", path);
        var dims = new int[rank];
        Span<byte> dim = stackalloc byte[4];
        for (int i = 0; i < rank; i++)
        {
            ReadFully(stream, dim, path, $"dimension {i}");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (dims[i] < 0) throw new DataException($"IDX file '{path}' has negative dimension {i}: {dims[i]}.", path);
        }
        if (limit is { } l) dims[0] = Math.Min(dims[0], Math.Max(0, l));
        long length = dims.Aggregate(1L, (a, d) => a * d);
        if (length > Array.MaxLength)
            throw new DataException($"IDX file '{path}' declares {length} elements, more than fit in memory at once; pass a limit.", path);
        var data = new byte[length];
        ReadFully(stream, data, path, $"{length} data bytes for dimensions [{string.Join(", ", dims)}]");
        return new IdxArray(dims, data);
    }

    private static void ReadFully(Stream stream, Span<byte> buffer, string path, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
                throw new DataException($"IDX file '{path}' is truncated: it ended after {total} of the {buffer.Length} bytes expected for {what}.", path);
            total += n;
        }
    }
}
