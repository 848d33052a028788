using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Reads server-sent events from a response body and hands over each event's <c>data</c> in place.
/// Follows the WHATWG event-stream rules that matter for a data stream, as <see cref="System.Net.ServerSentEvents.SseParser"/>
/// does (optional BOM, CR/LF/CRLF line ends, comments, data lines joined by LF, an event dispatched on a blank
/// line only when it had a data field, an unfinished event at the end discarded); event types, ids and retry
/// are read past, because no OpenAI-compatible server gives them meaning.
/// </summary>
/// <remarks>
/// Why not SseParser: it allocated an async box for every read that waited, i.e. for every token event
/// (31% of the client's allocations at c=1000, BENCHMARKS.md § "Where the client's CPU and allocations go"). Here a waiting read uses a pooled box.
/// A line or an event longer than the limit fails the request, so a hostile server cannot make it buffer without bound.
/// </remarks>
public sealed class SseEventReader(Stream body, int maxLineBytes) : IDisposable
{
    private const int InitialBufferBytes = 4096;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    // the unprocessed bytes are _buffer[_offset.._offset + _length]
    private int _offset;
    private int _length;
    private bool _eof;
    private bool _startChecked;

    // an event of several data lines is assembled here
    private byte[]? _multiLineData;
    private int _multiLineLength;
    private bool _dataAppended;

    private byte[] _eventSource = [];
    private int _eventOffset;
    private int _eventLength;

    /// <summary>The last event's data; valid until the next read.</summary>
    public ReadOnlySpan<byte> Data => _eventSource.AsSpan(_eventOffset, _eventLength);

    /// <summary>Reads up to the next event; false when the stream ended first.</summary>
    /// <exception cref="SseLineTooLongException">A line or an event passed the limit.</exception>
    public ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken) =>
        TryTakeEvent() ? ValueTask.FromResult(true)
        : _eof ? ValueTask.FromResult(false)
        : ReadNextSlowAsync(cancellationToken);

    // pooled: reads wait for nearly every token event, and a fresh box each time was the client's largest allocation
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadNextSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            MakeRoom();
            var read = await body.ReadAsync(_buffer.AsMemory(_offset + _length), cancellationToken).ConfigureAwait(false);
            _length += read;
            _eof = read == 0;
            if (TryTakeEvent())
            {
                return true;
            }
            if (_eof)
            {
                return false;
            }
        }
    }

    /// <summary>Processes whole lines in the buffer until an event is dispatched; false when more bytes are needed.</summary>
    private bool TryTakeEvent()
    {
        if (!_startChecked && !SkipByteOrderMark())
        {
            return false;
        }
        while (true)
        {
            var unread = _buffer.AsSpan(_offset, _length);
            var lineEnd = unread.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineEnd < 0)
            {
                ThrowIfLongerThanLimit(unread.Length);
                return false;
            }
            // a CR at the end of what has arrived may be the first half of a CRLF
            if (unread[lineEnd] == '\r' && lineEnd + 1 == unread.Length && !_eof)
            {
                return false;
            }
            var newline = unread[lineEnd] == '\r' && lineEnd + 1 < unread.Length && unread[lineEnd + 1] == '\n' ? 2 : 1;
            var line = unread[..lineEnd];
            var lineStart = _offset;
            Consume(lineEnd + newline);
            if (line.IsEmpty)
            {
                if (_dataAppended)
                {
                    SetEvent(_multiLineData!, 0, _multiLineLength);
                    _dataAppended = false;
                    _multiLineLength = 0;
                    return true;
                }
                continue;
            }
            ReadOnlySpan<byte> value;
            if (line.StartsWith("data:"u8))
            {
                value = line[5..];
                value = !value.IsEmpty && value[0] == ' ' ? value[1..] : value;
            }
            else if (line.SequenceEqual("data"u8))
            {
                value = [];
            }
            else
            {
                // a comment (":..."), event, id, retry or an unknown field
                continue;
            }
            var valueStart = line.Length - value.Length;
            // the usual event, one data line and a blank line, is handed over where it lies
            if (!_dataAppended && StartsWithBlankLine(_buffer.AsSpan(_offset, _length)) is var blank and > 0)
            {
                Consume(blank);
                SetEvent(_buffer, lineStart + valueStart, value.Length);
                return true;
            }
            AppendData(value);
        }
    }

    /// <summary>The length of the blank line at the start of <paramref name="bytes"/>, or 0 when it does not start with a complete one.</summary>
    private int StartsWithBlankLine(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? 0
        : bytes[0] == '\n' ? 1
        : bytes[0] != '\r' ? 0
        : bytes.Length > 1 ? (bytes[1] == '\n' ? 2 : 1)
        : _eof ? 1 : 0;

    private bool SkipByteOrderMark()
    {
        if (_length < 3 && !_eof && _buffer.AsSpan(_offset, _length).SequenceEqual("\uFEFF"u8[.._length]))
        {
            return false;
        }
        if (_buffer.AsSpan(_offset, _length).StartsWith("\uFEFF"u8))
        {
            Consume(3);
        }
        _startChecked = true;
        return true;
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        var needed = _multiLineLength + value.Length + 1;
        ThrowIfLongerThanLimit(needed);
        if (_multiLineData is null || _multiLineData.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 2 * (_multiLineData?.Length ?? 512)));
            _multiLineData?.AsSpan(0, _multiLineLength).CopyTo(grown);
            ReturnMultiLineBuffer();
            _multiLineData = grown;
        }
        if (_dataAppended)
        {
            _multiLineData[_multiLineLength++] = (byte)'\n';
        }
        value.CopyTo(_multiLineData.AsSpan(_multiLineLength));
        _multiLineLength += value.Length;
        _dataAppended = true;
    }

    private void SetEvent(byte[] source, int offset, int length) => (_eventSource, _eventOffset, _eventLength) = (source, offset, length);

    private void Consume(int count)
    {
        _offset += count;
        _length -= count;
    }

    private void ThrowIfLongerThanLimit(int length)
    {
        if (length > maxLineBytes)
        {
            throw new SseLineTooLongException(maxLineBytes);
        }
    }

    /// <summary>Moves the unread bytes to the front, or doubles the buffer when they fill it (a long line).</summary>
    private void MakeRoom()
    {
        if (_offset + _length < _buffer.Length)
        {
            return;
        }
        var target = _length > _buffer.Length / 2 ? ArrayPool<byte>.Shared.Rent(_buffer.Length * 2) : _buffer;
        _buffer.AsSpan(_offset, _length).CopyTo(target);
        if (target != _buffer)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }
        _offset = 0;
    }

    private void ReturnMultiLineBuffer()
    {
        if (_multiLineData is not null)
        {
            ArrayPool<byte>.Shared.Return(_multiLineData);
            _multiLineData = null;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _eventSource = [];
        ReturnMultiLineBuffer();
    }
}

/// <summary>An SSE line longer than the limit: the request fails as <c>malformed_event</c>.</summary>
internal sealed class SseLineTooLongException(int maxLineBytes)
    : Exception($"an SSE line longer than {maxLineBytes} bytes (the limit that keeps memory bounded)");
