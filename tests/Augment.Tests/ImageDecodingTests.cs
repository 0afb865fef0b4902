using System.Buffers.Binary;
using OpenCvSharp;

namespace Onnxdl.Augment.Tests;

public class ImageDecodingTests
{
    [Fact]
    public void Known_bgr_colour_becomes_the_documented_grey_value()
    {
        // OpenCV: Y = 0.299 R + 0.587 G + 0.114 B, rounded. B=10, G=200, R=50 → 133.49 → 133.
        using var image = TestImages.Solid(4, 4, MatType.CV_8UC3, new Scalar(10, 200, 50));
        var chw = new float[16];
        new Preprocessing(4, 4, 1) { Scale = 1 }.Apply(TestImages.Encode(image), chw);
        Assert.All(chw, v => Assert.Equal(133f, v));
    }

    [Fact]
    public void Colour_output_is_rgb_planes()
    {
        using var image = TestImages.Solid(2, 2, MatType.CV_8UC3, new Scalar(10, 200, 50)); // BGR
        var chw = new float[12];
        new Preprocessing(2, 2, 3) { Scale = 1 }.Apply(TestImages.Encode(image), chw);
        Assert.Equal([50f, 50f, 50f, 50f, 200f, 200f, 200f, 200f, 10f, 10f, 10f, 10f], chw);
    }

    [Fact]
    public void Sixteen_bit_png_maps_onto_the_8_bit_range()
    {
        using var image = TestImages.Solid(2, 2, MatType.CV_16UC1, Scalar.All(257 * 100));
        var bytes = TestImages.Encode(image);
        using (var decoded = ImageDecoder.Decode(bytes))
            Assert.Equal(MatType.CV_16UC1, decoded.Type());
        var chw = new float[4];
        new Preprocessing(2, 2, 1).Apply(bytes, chw);
        Assert.All(chw, v => Assert.Equal(100f / 255f, v, 1e-6f));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".bmp")]
    [InlineData(".tiff")]
    [InlineData(".webp")]
    public void Lossless_formats_decode_from_file_stream_and_bytes_alike(string extension)
    {
        using var dir = new TempDir();
        using var image = TestImages.Gradient(5, 6);
        var bytes = TestImages.Encode(image, extension);
        File.WriteAllBytes(dir.File("img" + extension), bytes);
        var p = new Preprocessing(6, 5, 1) { Scale = 1 };
        float[] fromFile = new float[30], fromBytes = new float[30], fromStream = new float[30];
        p.Apply(dir.File("img" + extension), fromFile);
        p.Apply(bytes, fromBytes);
        using (var stream = new MemoryStream(bytes))
        using (var decoded = ImageDecoder.Decode(stream))
            p.Apply(decoded, fromStream);
        Assert.Equal(7 * 4 + 3 * 5, fromFile[29]);
        Assert.Equal(fromFile, fromBytes);
        Assert.Equal(fromFile, fromStream);
    }

    [Fact]
    public void Jpeg_and_four_channel_png_decode()
    {
        using var bgra = TestImages.Solid(3, 3, MatType.CV_8UC4, new Scalar(0, 0, 255, 128));
        using (var decoded = ImageDecoder.Decode(TestImages.Encode(bgra)))
            Assert.Equal(4, decoded.Channels());
        using var grey = TestImages.Solid(8, 8, MatType.CV_8UC1, Scalar.All(90));
        var chw = new float[64];
        new Preprocessing(8, 8, 1) { Scale = 1 }.Apply(TestImages.Encode(grey, ".jpg"), chw);
        Assert.All(chw, v => Assert.InRange(v, 88f, 92f)); // JPEG is lossy but a flat block survives
    }

    [Fact]
    public void Empty_text_and_truncated_files_raise_errors_naming_the_file()
    {
        using var dir = new TempDir();
        using var image = TestImages.Gradient(16, 16);
        var png = TestImages.Encode(image);
        File.WriteAllBytes(dir.File("empty.png"), []);
        File.WriteAllText(dir.File("text.png"), "not an image at all");
        File.WriteAllBytes(dir.File("truncated.png"), png[..(png.Length / 2)]);
        foreach (var name in new[] { "empty.png", "text.png", "truncated.png", "missing.png" })
        {
            var error = Assert.Throws<DataException>(() => new Preprocessing(4, 4, 1).Apply(dir.File(name), new float[16]));
            Assert.Contains(dir.File(name), error.Message);
            Assert.Equal(dir.File(name), error.Path);
        }
        Assert.Equal(0, MatScope.Live);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    [InlineData(".bmp")]
    public void Headers_give_the_encoded_size(string extension)
    {
        using var image = TestImages.Gradient(23, 37);
        Assert.Equal((37L, 23L), ImageHeader.Dimensions(TestImages.Encode(image, extension)));
    }

    /// <summary>A few hundred bytes that declare 40000 × 40000 pixels are refused before OpenCV allocates ~4.8 GB for them.</summary>
    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    [InlineData(".bmp")]
    [InlineData(".gif")]
    public void A_small_file_declaring_a_huge_image_is_refused(string extension)
    {
        var bomb = extension == ".gif" ? Gif(40000, 40000) : Declaring(TestImages.Encode(TestImages.Gradient(8, 8), extension), extension, 40000);
        var error = Assert.Throws<DataException>(() => ImageDecoder.Decode(bomb, "bomb" + extension).Dispose());
        Assert.Contains("'bomb" + extension + "' declares 40000 × 40000 pixels", error.Message);
        Assert.Equal(0, MatScope.Live);
    }

    /// <summary>A fuzzing find: OpenCV allocated a flipped IDAT length (≈ 4 GB) before noticing the file ends; seconds, and gigabytes, per image.</summary>
    [Fact]
    public void A_png_chunk_longer_than_the_file_is_refused_before_decoding()
    {
        var bytes = TestImages.Encode(TestImages.Gradient(16, 24));
        var idat = bytes.AsSpan().IndexOf("IDAT"u8);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(idat - 4), 0xFF0001CD);
        var error = Assert.Throws<DataException>(() => ImageDecoder.Decode(bytes, "long-chunk.png").Dispose());
        Assert.Contains($"'long-chunk.png': PNG chunk 'IDAT' at byte {idat - 4} declares 4,278,190,541 bytes", error.Message);
        Assert.Equal("long-chunk.png", error.Path);
    }

    [Fact]
    public void The_largest_allowed_size_passes_the_check() =>
        ImageHeader.Check(Gif(16384, 8192), "limit.gif");

    /// <summary>Writes <paramref name="size"/> over the width and height fields each format's specification places.</summary>
    private static byte[] Declaring(byte[] encoded, string extension, int size)
    {
        var bytes = encoded.ToArray();
        switch (extension)
        {
            case ".png":
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)size);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)size);
                break;
            case ".bmp":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), size);
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), size);
                break;
            default: // JPEG: OpenCV writes a baseline start-of-frame (FF C0): length, precision, height, width
                var sof = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
                Assert.True(sof > 0, "no baseline start-of-frame in the encoded JPEG");
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), (ushort)size);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), (ushort)size);
                break;
        }
        return bytes;
    }

    /// <summary>A GIF header (logical screen descriptor) and nothing else.</summary>
    private static byte[] Gif(ushort width, ushort height)
    {
        var bytes = new byte[13];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), height);
        return bytes;
    }
}
