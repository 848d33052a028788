using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace LlmLoad.Core.Recording;

/// <summary>
/// Appends records to <c>requests.jsonl</c> from one task, fed by a channel, so requests never wait
/// on the disk. The file is flushed whenever the channel runs dry, so a killed run loses at most the
/// records of the last few milliseconds, and every complete line is a whole record.
/// </summary>
public sealed class RecordWriter : IAsyncDisposable
{
    private readonly Channel<RequestRecord> _channel = Channel.CreateUnbounded<RequestRecord>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly FileStream _file;
    private readonly Task _writing;

    public RecordWriter(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: true);
        _writing = Task.Run(WriteLoopAsync);
    }

    public long Written { get; private set; }

    /// <summary>Queues a record; never blocks.</summary>
    public void Add(RequestRecord record)
    {
        if (!_channel.Writer.TryWrite(record))
        {
            throw new InvalidOperationException("records were added after the writer was completed");
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
        _channel.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
