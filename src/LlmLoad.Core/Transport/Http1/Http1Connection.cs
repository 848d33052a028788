using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// One HTTP/1.1 connection: writes a request in one send, reads the response head, then hands out the
/// body (chunked, Content-Length or until close) from its own read buffer, one socket read per token event
/// and no allocation per read. Used by one request at a time; <see cref="Http1Handler"/> pools it.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    /// <summary>A response head larger than this is refused as malformed.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private const int InitialBufferBytes = 4096;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly MemoryStream _sendBuffer = new();
    private byte[] _buffer = new byte[InitialBufferBytes];
    // the unread bytes are _buffer[_start.._end]
    private int _start;
    private int _end;

    private BodyFraming _framing;
    private ChunkState _chunkState;
    private long _remaining;
    private bool _keepAlive;

    public Http1Connection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>The current response's body has been read to its end.</summary>
    public bool BodyComplete { get; private set; }

    /// <summary>False when the response said <c>Connection: close</c> or ends at the close.</summary>
    public bool KeepAlive => _keepAlive;

    /// <summary>True when the body is complete, neither side asked to close and nothing unasked-for arrived: the connection can take the next request.</summary>
    public bool CanBeReused => BodyComplete && _keepAlive && _start == _end;

    /// <summary>Readable with nothing asked for means the server closed it (or sent garbage) while it sat in the pool.</summary>
    public bool LooksClosed() => _socket.Poll(0, SelectMode.SelectRead);

    /// <summary>Sends the request and reads the response head; the body stays on the connection for <see cref="ReadBodyAsync"/>.</summary>
    /// <exception cref="Http1StaleConnectionException">The request could not be written: the server never saw it (worth one retry on a pooled connection).</exception>
    /// <exception cref="HttpRequestException">The response head was cut short or is not HTTP/1.1.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Http1ConnectionPool pool, CancellationToken cancellationToken)
    {
        BodyComplete = false;
        Http1RequestWriter.Write(_sendBuffer, request);
        try
        {
            await _stream.WriteAsync(_sendBuffer.GetBuffer().AsMemory(0, (int)_sendBuffer.Length), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new Http1StaleConnectionException(exception);
        }

        while (true)
        {
            Http1ResponseHead head;
            try
            {
                head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.", exception);
            }
            // 1xx (100 Continue, 103 Early Hints) precede the real response
            if (head.StatusCode is >= 100 and < 200)
            {
                continue;
            }
            _keepAlive = head.KeepAlive;
            (_framing, _remaining) = head.StatusCode is 204 or 304 || request.Method == HttpMethod.Head
                ? (BodyFraming.Empty, 0)
                : head.Chunked ? (BodyFraming.Chunked, 0)
                : head.ContentLength is { } length ? (BodyFraming.ContentLength, length)
                : (BodyFraming.UntilClose, 0);
            _keepAlive &= _framing != BodyFraming.UntilClose;
            _chunkState = ChunkState.Size;
            BodyComplete = _framing == BodyFraming.Empty || (_framing == BodyFraming.ContentLength && _remaining == 0);
            return head.ToResponse(request, new Http1BodyStream(this, pool));
        }
    }

    /// <summary>Copies the next body bytes into <paramref name="destination"/>; 0 at the body's end.</summary>
    public ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (BodyComplete || destination.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }
        try
        {
            // the common case for a token event already in the buffer: no state machine at all
            return TryCopyBuffered(destination.Span, out var copied) ? ValueTask.FromResult(copied) : ReadBodySlowAsync(destination, cancellationToken);
        }
        catch
        {
            Faulted = true;
            throw;
        }
    }

    /// <summary>A body read failed or was cancelled: the connection's state is unknown and it is not reused.</summary>
    public bool Faulted { get; private set; }

    // pooled: this box would otherwise be allocated once per token event
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadBodySlowAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // not FillAsync: a second async method per read would be a second box per token event
                MakeRoom();
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                _end += read;
                if (read == 0)
                {
                    if (_framing != BodyFraming.UntilClose)
                    {
                        throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
                    }
                    BodyComplete = true;
                    return 0;
                }
                if (TryCopyBuffered(destination.Span, out var copied))
                {
                    return copied;
                }
            }
        }
        catch
        {
            Faulted = true;
            throw;
        }
    }

    /// <summary>
    /// Consumes framing from the buffer and copies body bytes; false when it needs more bytes from the socket.
    /// True with 0 copied means the body just ended.
    /// </summary>
    private bool TryCopyBuffered(Span<byte> destination, out int copied)
    {
        copied = 0;
        switch (_framing)
        {
            case BodyFraming.ContentLength:
                copied = CopyOut(destination, _remaining);
                _remaining -= copied;
                BodyComplete = _remaining == 0;
                return copied > 0;
            case BodyFraming.UntilClose:
                copied = CopyOut(destination, long.MaxValue);
                return copied > 0;
            default:
                return TryCopyChunked(destination, out copied);
        }
    }

    private bool TryCopyChunked(Span<byte> destination, out int copied)
    {
        copied = 0;
        while (true)
        {
            switch (_chunkState)
            {
                case ChunkState.Data:
                    copied = CopyOut(destination, _remaining);
                    _remaining -= copied;
                    if (_remaining == 0)
                    {
                        _chunkState = ChunkState.DataEnd;
                    }
                    return copied > 0;
                case ChunkState.DataEnd:
                    if (TakeLine() is not { } end)
                    {
                        return false;
                    }
                    if (end.Length != 0)
                    {
                        throw Malformed("a chunk's data does not end with CRLF");
                    }
                    _chunkState = ChunkState.Size;
                    break;
                case ChunkState.Size:
                    if (TakeLine() is not { } sizeLine)
                    {
                        return false;
                    }
                    _remaining = ParseChunkSize(sizeLine.Span);
                    _chunkState = _remaining == 0 ? ChunkState.Trailers : ChunkState.Data;
                    break;
                case ChunkState.Trailers:
                    if (TakeLine() is not { } trailer)
                    {
                        return false;
                    }
                    if (trailer.Length == 0)
                    {
                        BodyComplete = true;
                        return true;
                    }
                    break;
            }
        }
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon >= 0 ? line[..semicolon] : line).TrimEnd((byte)' ');
        if (digits.Length is 0 or > 15 || !Utf8Parser.TryParse(digits, out long size, out var consumed, 'X') || consumed != digits.Length)
        {
            throw Malformed($"invalid chunk size line '{Encoding.ASCII.GetString(line[..Math.Min(line.Length, 40)])}'");
        }
        return size;
    }

    private static HttpIOException Malformed(string message) => new(HttpRequestError.InvalidResponse, "The response is not valid HTTP/1.1: " + message + ".");

    /// <summary>The next CRLF-terminated line from the buffer without its CRLF, or null when it has not fully arrived.</summary>
    private ReadOnlyMemory<byte>? TakeLine()
    {
        var unread = _buffer.AsSpan(_start, _end - _start);
        var newline = unread.IndexOf((byte)'\n');
        // checked whether or not the line has ended: one read can bring more than the limit at once
        if ((newline < 0 ? unread.Length : newline) > MaxHeadBytes)
        {
            throw Malformed("a chunk-size or trailer line longer than 64 KiB");
        }
        if (newline < 0)
        {
            return null;
        }
        var line = _buffer.AsMemory(_start, newline > 0 && unread[newline - 1] == '\r' ? newline - 1 : newline);
        _start += newline + 1;
        return line;
    }

    private int CopyOut(Span<byte> destination, long limit)
    {
        var count = (int)Math.Min(Math.Min(destination.Length, _end - _start), limit);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    private async ValueTask<Http1ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var searchedFrom = _start;
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            var headEnd = Http1ResponseHead.FindEnd(unread[(searchedFrom - _start)..]);
            if (headEnd >= 0)
            {
                var length = searchedFrom - _start + headEnd;
                // the buffer grows past the limit before it is checked below, so a head that ends within that read must be checked here
                if (length > MaxHeadBytes)
                {
                    throw HeadTooLong();
                }
                var head = Http1ResponseHead.Parse(unread[..length]);
                _start += length;
                return head;
            }
            if (unread.Length > MaxHeadBytes)
            {
                throw HeadTooLong();
            }
            // the end marker may straddle this read and the next
            searchedFrom = Math.Max(_start, _end - 3);
            var offset = searchedFrom - _start;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.",
                    new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
            }
            searchedFrom = _start + offset;
        }
    }

    private static HttpRequestException HeadTooLong() =>
        new(HttpRequestError.InvalidResponse, $"The response headers are longer than {MaxHeadBytes / 1024} KiB.");

    /// <summary>Reads more bytes after the unread ones; false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    /// <summary>Makes room after the unread bytes: moves them to the front, or grows the buffer when they fill it.</summary>
    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            var target = unread > _buffer.Length / 2 ? new byte[_buffer.Length * 2] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            (_buffer, _start, _end) = (target, 0, unread);
        }
    }

    /// <summary>Reads what is left of the body, at most <paramref name="maxBytes"/>, so the connection can be reused.</summary>
    public async Task<bool> TryDrainAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var scratch = new byte[4096];
        var drained = 0;
        while (!BodyComplete && drained <= maxBytes)
        {
            drained += await ReadBodyAsync(scratch, cancellationToken).ConfigureAwait(false);
        }
        return CanBeReused;
    }

    /// <summary>Finishes the body from bytes already received, without waiting; true when that reached its end.</summary>
    public bool TryFinishFromBuffer()
    {
        Span<byte> scratch = stackalloc byte[256];
        while (!BodyComplete && TryCopyBuffered(scratch, out var copied) && (copied > 0 || BodyComplete))
        {
        }
        return BodyComplete;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private enum BodyFraming
    {
        Empty,
        ContentLength,
        Chunked,
        UntilClose,
    }

    private enum ChunkState
    {
        Size,
        Data,
        DataEnd,
        Trailers,
    }
}
