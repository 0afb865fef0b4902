using System.Buffers;

namespace Onnxdl.Cli;

/// <summary>
/// Bytes rented from <see cref="ArrayPool{T}.Shared"/>: a request body or one tensor parsed from JSON. The owner disposes
/// it once the response is written, so steady traffic allocates no per-request buffers.
/// </summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    public PooledBuffer(int length)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        Length = length;
    }

    /// <summary>The bytes in use (the rented array may be longer).</summary>
    public int Length { get; private set; }

    public Memory<byte> Memory => Rented.AsMemory(0, Length);
    public Span<byte> Span => Rented.AsSpan(0, Length);

    private byte[] Rented => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    /// <summary>Reads <paramref name="stream"/> to its end; <paramref name="expected"/> (Content-Length) sizes the first rent.</summary>
    public static async Task<PooledBuffer> ReadAsync(Stream stream, long? expected, CancellationToken cancellation)
    {
        var buffer = new PooledBuffer(0);
        try
        {
            // A client's Content-Length is a hint, not a promise: the first rent is capped, growth follows the real bytes
            // (Kestrel stops a body over the server's limit while it is read).
            buffer.Grow((int)Math.Clamp((expected ?? 0) + 1, 4096, 1 << 20));
            int read;
            while ((read = await stream.ReadAsync(buffer.Rented.AsMemory(buffer.Length), cancellation)) > 0)
            {
                buffer.Length += read;
                if (buffer.Length == buffer.Rented.Length) buffer.Grow(buffer.Rented.Length * 2);
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private void Grow(int capacity)
    {
        if (capacity <= Rented.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        Rented.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Rented);
        _array = larger;
    }

    public void Dispose()
    {
        if (_array is { } array) ArrayPool<byte>.Shared.Return(array);
        _array = null;
    }
}
