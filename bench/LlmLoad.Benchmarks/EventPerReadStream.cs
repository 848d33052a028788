namespace LlmLoad.Benchmarks;

/// <summary>
/// A read-only stream over recorded SSE bytes that hands out at most one event per read, as a socket
/// does when the server flushes after every token and the client keeps up. Reads complete synchronously,
/// so what is measured is the parser's per-read work, not the kernel's.
/// </summary>
public sealed class EventPerReadStream(byte[] bytes) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Starts again from the first byte, so one instance serves every benchmark iteration.</summary>
    public void Rewind() => _position = 0;

    public override int Read(Span<byte> buffer)
    {
        var rest = bytes.AsSpan(_position);
        var end = rest.IndexOf("\n\n"u8);
        var length = Math.Min(buffer.Length, end < 0 ? rest.Length : end + 2);
        rest[..length].CopyTo(buffer);
        _position += length;
        return length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
