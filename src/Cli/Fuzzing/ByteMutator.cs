namespace Onnxdl.Cli;

/// <summary>
/// Format-blind mutations of an encoded file: bit flips, byte overwrites (with the boundary values parsers trip on),
/// truncation, insertion or duplication of byte runs, and huge values written over a header field (an image's width
/// or height, a protobuf length). Deterministic for the generator's seed.
/// </summary>
internal static class ByteMutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE];
    private static readonly long[] Huge = [int.MaxValue, uint.MaxValue, 0xFFFF0000, 0x7FFF7FFF];

    /// <summary>One to four mutations of <paramref name="input"/> (which is not modified).</summary>
    public static byte[] Mutate(byte[] input, SplitMix64 random)
    {
        var bytes = input;
        var rounds = 1 + Pick(random, 4);
        for (var i = 0; i < rounds; i++) bytes = Once(bytes, random);
        return bytes;
    }

    private static byte[] Once(byte[] input, SplitMix64 random)
    {
        if (input.Length == 0) return [(byte)random.Next()];
        var bytes = (byte[])input.Clone();
        var at = Pick(random, bytes.Length);
        switch (Pick(random, 7))
        {
            case 0:
                bytes[at] ^= (byte)(1 << Pick(random, 8));
                return bytes;
            case 1:
                bytes[at] = Interesting[Pick(random, Interesting.Length)];
                return bytes;
            case 2:
                bytes[at] = (byte)random.Next();
                return bytes;
            case 3:
                return bytes[..at];
            case 4:
            {
                var run = new byte[1 + Pick(random, 16)];
                foreach (ref var b in run.AsSpan()) b = (byte)random.Next();
                return [.. bytes[..at], .. run, .. bytes[at..]];
            }
            case 5:
            {
                var length = 1 + Pick(random, Math.Min(64, bytes.Length - at));
                return [.. bytes[..(at + length)], .. bytes[at..]];
            }
            default:
            {
                // A 4-byte field in the first 64 bytes, either byte order: 2³¹−1, 2³²−1 or 2¹⁶−1 shifted up.
                var field = bytes.AsSpan(Math.Min(Pick(random, 64), Math.Max(0, bytes.Length - 4)));
                var value = (uint)Huge[Pick(random, Huge.Length)];
                for (var i = 0; i < Math.Min(4, field.Length); i++)
                    field[i] = (byte)(value >> (8 * (Pick(random, 2) == 0 ? i : 3 - i)));
                return bytes;
            }
        }
    }

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public static int Pick(SplitMix64 random, int count) => (int)(random.Next() % (ulong)count);
}
