using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Appends records to <c>requests.jsonl</c> from one task, fed by a channel, so requests never wait
/// on the disk. The file is flushed whenever the channel runs dry, so a killed run loses at most the
/// records of the last few milliseconds, and every complete line is a whole record. A process that exits on purpose
/// (a second Ctrl-C calls <see cref="Environment.Exit(int)"/>) first writes every record of a finished request.
/// </summary>
public sealed class RecordWriter : IAsyncDisposable
{
    private readonly Channel<RequestRecord> _channel = Channel.CreateUnbounded<RequestRecord>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    /// <summary>
    /// How long an exit waits for records still being built and written. Building one is counting its tokens, a few
    /// ms (about a second for a 900 KB text without spaces); the wait ends sooner when they are done.
    /// </summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly FileStream _file;
    private readonly Task _writing;
    // requests whose response is over and whose record has not reached Add yet
    private int _onTheWay;
    private volatile bool _exiting;

    public RecordWriter(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: true);
        _writing = Task.Run(WriteLoopAsync);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public long Written { get; private set; }

    /// <summary>A request's response is over and its record will follow through <see cref="Add"/>: an exit waits for it.</summary>
    public void ExpectRecord() => Interlocked.Increment(ref _onTheWay);

    /// <summary>Queues a record; never blocks. Pairs with one <see cref="ExpectRecord"/> call, made for every record or for none.</summary>
    public void Add(RequestRecord record)
    {
        var written = _channel.Writer.TryWrite(record);
        Interlocked.Decrement(ref _onTheWay);
        if (!written && !_exiting)
        {
            throw new InvalidOperationException("records were added after the writer was completed");
        }
    }

    /// <summary>
    /// The process is leaving without the run's end (a second Ctrl-C): waits, for at most <see cref="ExitWait"/> in all,
    /// for the records on their way, then writes everything queued. Requests still in flight have no record to write.
    /// </summary>
    private void OnProcessExit(object? sender, EventArgs e)
    {
        var waitStart = Environment.TickCount64;
        SpinWait.SpinUntil(() => Volatile.Read(ref _onTheWay) <= 0, ExitWait);
        _exiting = true;
        _channel.Writer.TryComplete();
        var left = ExitWait - TimeSpan.FromMilliseconds(Environment.TickCount64 - waitStart);
        try
        {
            _writing.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (AggregateException)
        {
            // the file could not be written (disk full, removed): the process is leaving, there is no one left to tell
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_channel.Reader.TryRead(out var record))
            {
                RecordJson.Write(json, record);
                json.Flush();
                json.Reset();
                buffer.Write("\n"u8);
                Written++;
                if (buffer.WrittenCount >= 1024 * 1024)
                {
                    await FlushAsync(buffer).ConfigureAwait(false);
                }
            }
            await FlushAsync(buffer).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(ArrayBufferWriter<byte> buffer)
    {
        await _file.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
        await _file.FlushAsync().ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    /// <summary>Writes everything queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _channel.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
