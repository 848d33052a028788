namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// A response body read from its connection. The connection goes back to the pool when the stream is disposed:
/// at once when the body was read to its end, after reading what is left (within limits) when it was not, and
/// closed when a read failed.
/// </summary>
internal sealed class Http1BodyStream(Http1Connection connection, Http1ConnectionPool pool) : Stream
{
    private bool _released;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // handed straight through: a wrapping async method would be one more box per token event
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _released ? ValueTask.FromResult(0) : connection.ReadBodyAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_released)
        {
            // after this the stream reads as ended: the connection may already carry someone else's response
            _released = true;
            // a body left unread (an error body cut to its excerpt) is drained by the pool
            pool.EndExchange(connection, reusable: !connection.Faulted);
        }
        base.Dispose(disposing);
    }
}
