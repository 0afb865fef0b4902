using System.Buffers.Binary;
using System.Text;

namespace Onnxdl.Augment;

/// <summary>
/// Reads the pixel size an encoded image declares (PNG, JPEG, BMP, GIF) without decoding it, so a small file
/// that claims a huge image (a decompression bomb) is refused before OpenCV allocates for it.
/// </summary>
internal static class ImageHeader
{
    /// <summary>The largest image decoded: 2²⁷ pixels (e.g. 16384 × 8192), ~400 MB as 8-bit BGR.</summary>
    public const long MaxPixels = 1L << 27;

    /// <summary>
    /// Throws when the header declares more than <see cref="MaxPixels"/>, or when a PNG chunk claims more bytes than the
    /// file has left (OpenCV allocates a chunk's declared length before reading it: 4 GiB for a flipped length byte);
    /// formats it does not know pass (OpenCV's own limits apply).
    /// </summary>
    public static void Check(ReadOnlySpan<byte> bytes, string name)
    {
        CheckPngChunks(bytes, name);
        if (Dimensions(bytes) is not var (width, height)) return;
        if (width * height > MaxPixels)
            throw new DataException(
                $"Image '{name}' declares {width} × {height} pixels ({bytes.Length} bytes encoded); at most {MaxPixels:N0} pixels are decoded.", name);
    }

    private static void CheckPngChunks(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length < 8 || !b[..8].SequenceEqual(PngSignature)) return;
        for (var at = 8; at + 8 <= b.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
            var left = b.Length - at - 12L;   // after the length, type and CRC fields
            if (length > left)
                throw new DataException(
                    $"Image '{name}': PNG chunk '{Encoding.Latin1.GetString(b.Slice(at + 4, 4))}' at byte {at} declares {length:N0} bytes, " +
                    $"but only {Math.Max(0, left):N0} follow; expected a complete PNG (the file is truncated or corrupt).", name);
            if (b.Slice(at + 4, 4).SequenceEqual("IEND"u8)) return;
            at += 12 + (int)length;
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The declared width and height, or null when the format is not recognised or the header is cut short.</summary>
    public static (long Width, long Height)? Dimensions(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[..8].SequenceEqual(PngSignature))
            return (BinaryPrimitives.ReadUInt32BigEndian(b[16..]), BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M')
            return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[22..])));
        if (b.Length >= 10 && b[..4].SequenceEqual("GIF8"u8))
            return (BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        return b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8 ? JpegDimensions(b) : null;
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame, which holds the height then the width.</summary>
    private static (long, long)? JpegDimensions(ReadOnlySpan<byte> b)
    {
        var at = 2;
        while (at + 9 <= b.Length && b[at] == 0xFF)
        {
            var marker = b[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { at += 2; continue; } // no length
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
                return (BinaryPrimitives.ReadUInt16BigEndian(b[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(at + 5)..]));
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]);
        }
        return null;
    }
}
