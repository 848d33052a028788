namespace LlmLoad.Core.Transport;

/// <summary>
/// A read-only view of a response body that fails once a line grows past a limit, so a server that
/// sends megabytes without a newline cannot make the SSE parser buffer without bound (the framework's
/// parser allows lines up to 1 GiB). Scanning each read for its last newline is vectorized and cheap.
/// </summary>
internal sealed class LineLengthGuardStream(Stream inner, int maxLineBytes) : Stream
{
    private long _bytesSinceNewline;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Check(buffer[..inner.Read(buffer)]);

    // pooled: the box of a read that completes later was allocated per token event (69 vs 55 KiB per 100-token
    // request under load, BENCHMARKS.md), and allocation volume sets how often the GC pauses the run
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(ReadOnlySpan<byte> read)
    {
        var lastNewline = read.LastIndexOf((byte)'\n');
        _bytesSinceNewline = lastNewline >= 0 ? read.Length - lastNewline - 1 : _bytesSinceNewline + read.Length;
        if (_bytesSinceNewline > maxLineBytes)
        {
            throw new SseLineTooLongException(maxLineBytes);
        }
        return read.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>An SSE line longer than the limit: the request fails as <c>malformed_event</c>.</summary>
internal sealed class SseLineTooLongException(int maxLineBytes)
    : Exception($"an SSE line longer than {maxLineBytes} bytes (the limit that keeps memory bounded)");
