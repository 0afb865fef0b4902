using OpenCvSharp;

namespace Onnxdl.Augment;

/// <summary>
/// Decodes any image OpenCV reads (PNG, JPEG, BMP, TIFF, WebP, PNM, …) exactly as stored:
/// 8- or 16-bit, 1, 3 or 4 channels in OpenCV's BGR(A) order. Bad input becomes a
/// <see cref="DataException"/> naming the source, never a native fault; an image declaring more than
/// <see cref="ImageHeader.MaxPixels"/> pixels, or a PNG chunk longer than the file, is refused before decoding.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes a file. The returned Mat is owned by the caller (dispose it).</summary>
    public static Mat Decode(string path) => Decode(path, ImreadModes.Unchanged);

    /// <summary>Decodes a file with an OpenCV read mode (e.g. straight to grey); the caller owns the Mat.</summary>
    internal static Mat Decode(string path, ImreadModes mode)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read image file '{path}': {e.Message}", path, e);
        }
        return Decode(bytes, path, mode);
    }

    /// <summary>Decodes the rest of a stream. The returned Mat is owned by the caller.</summary>
    public static Mat Decode(Stream stream, string name = "<stream>")
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
    }

    /// <summary>Decodes encoded bytes; <paramref name="name"/> appears in error messages.
    /// The returned Mat is owned by the caller.</summary>
    public static Mat Decode(ReadOnlySpan<byte> bytes, string name = "<bytes>") => Decode(bytes, name, ImreadModes.Unchanged);

    internal static Mat Decode(ReadOnlySpan<byte> bytes, string name, ImreadModes mode)
    {
        // OpenCV asserts on an empty buffer; say it in our words instead.
        if (bytes.IsEmpty)
            throw new DataException($"Image '{name}' is empty (0 bytes); expected an encoded image (PNG, JPEG, BMP, TIFF, WebP).", name);
        ImageHeader.Check(bytes, name);
        Mat mat;
        try
        {
            mat = Cv2.ImDecode(bytes, mode);
        }
        catch (OpenCVException e)
        {
            throw new DataException($"Image '{name}' could not be decoded: {e.Message}", name, e);
        }
        try
        {
            if (mat.Empty())
                throw new DataException(
                    $"Image '{name}' ({bytes.Length} bytes) is not a readable image: it may be truncated or not an image at all. " +
                    "Expected PNG, JPEG, BMP, TIFF or WebP.", name);
            CheckDecoded(mat, name);
            return mat;
        }
        catch
        {
            mat.Dispose();
            throw;
        }
    }

    /// <summary>The pixel formats the rest of the library handles: 8/16-bit unsigned, 1, 3 or 4 channels.</summary>
    internal static void CheckDecoded(Mat mat, string name)
    {
        if (mat.Empty())
            throw new DataException($"Image '{name}' is empty (0 × 0 pixels).", name);
        int depth = mat.Depth();
        if (depth != MatType.CV_8U && depth != MatType.CV_16U)
            throw new DataException($"Image '{name}' has pixel depth {mat.Type()}; expected 8- or 16-bit unsigned samples.", name);
        int channels = mat.Channels();
        if (channels is not (1 or 3 or 4))
            throw new DataException($"Image '{name}' has {channels} channels; expected 1, 3 or 4.", name);
    }
}
