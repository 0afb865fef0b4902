using System.Buffers.Binary;

namespace Onnxdl.Augment;

/// <summary>
/// Reads the pixel size an encoded image declares (PNG, JPEG, BMP, GIF) without decoding it, so a small file
/// that claims a huge image (a decompression bomb) is refused before OpenCV allocates for it.
/// </summary>
internal static class ImageHeader
{
    /// <summary>The largest image decoded: 2²⁷ pixels (e.g. 16384 × 8192), ~400 MB as 8-bit BGR.</summary>
    public const long MaxPixels = 1L << 27;

    /// <summary>Throws when the header declares more than <see cref="MaxPixels"/>; formats it does not know pass (OpenCV's own limit applies).</summary>
    public static void CheckSize(ReadOnlySpan<byte> bytes, string name)
    {
        if (Dimensions(bytes) is not var (width, height)) return;
        if (width * height > MaxPixels)
            throw new DataException(
                $"Image '{name}' declares {width} × {height} pixels ({bytes.Length} bytes encoded); at most {MaxPixels:N0} pixels are decoded.", name);
    }

    /// <summary>The declared width and height, or null when the format is not recognised or the header is cut short.</summary>
    public static (long Width, long Height)? Dimensions(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
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
