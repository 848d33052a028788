namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// A response body read from its connection. The connection goes back to the pool as soon as the body's
/// end is read, or when the stream is disposed (after reading what is left, within limits).
/// </summary>
internal sealed class Http1BodyStream(Http1Connection connection, Http1ConnectionPool pool) : Stream
{
    private bool _released;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_released)
        {
            return ValueTask.FromResult(0);
        }
        ValueTask<int> read;
        try
        {
            read = connection.ReadBodyAsync(buffer, cancellationToken);
        }
        catch
        {
            Release(reusable: false);
            throw;
        }
        if (read.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(ReleaseAtEnd(read.Result));
        }
        return AwaitRead(read);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AwaitRead(ValueTask<int> read)
    {
        try
        {
            return ReleaseAtEnd(await read.ConfigureAwait(false));
        }
        catch
        {
            // a failed or cancelled read leaves the connection in an unknown state
            Release(reusable: false);
            throw;
        }
    }

    private int ReleaseAtEnd(int read)
    {
        if (read == 0)
        {
            Release(reusable: true);
        }
        return read;
    }

    private void Release(bool reusable)
    {
        if (!_released)
        {
            _released = true;
            pool.Return(connection, reusable);
        }
    }

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
        if (disposing)
        {
            // a body left unread (an error body cut to its excerpt, the end after [DONE]) is drained by the pool
            Release(reusable: true);
        }
        base.Dispose(disposing);
    }
}
