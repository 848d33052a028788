using System.Net.ServerSentEvents;
using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;

namespace LlmLoad.Benchmarks;

/// <summary>
/// Reading one recorded 100-token stream the way <c>RequestExecutor.ReadStreamAsync</c> does: <see cref="SseParser"/>
/// with an item parser that stamps the clock and runs <see cref="OpenAiResponseParser.ParseStreamData"/>.
/// One operation is one whole stream (102 JSON events and <c>[DONE]</c>).
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class SseStreamBenchmarks
{
    private delegate StreamEvent EventParser(ReadOnlySpan<byte> data);

    private readonly RunClock _clock = new(TimeProvider.System);
    private readonly EventPerReadStream _eventPerRead = new(RecordedStream.Bytes);

    /// <summary>All bytes available at once: the parser fills its buffer with many events per read.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> WholeStreamInOneBuffer()
    {
        using var body = new MemoryStream(RecordedStream.Bytes, writable: false);
        return await ReadAsync(body);
    }

    /// <summary>One event per read, as when the server flushes every token and the client keeps up.</summary>
    [Benchmark]
    public async Task<int> OneEventPerRead()
    {
        _eventPerRead.Rewind();
        return await ReadAsync(_eventPerRead);
    }

    /// <summary>The same loop as the executor's, minus the timeline bookkeeping (internal to Core).</summary>
    private Task<int> ReadAsync(Stream body) => ReadAsync(body, OpenAiResponseParser.ParseStreamData);

    private async Task<int> ReadAsync(Stream body, EventParser parse)
    {
        var parser = SseParser.Create(body, (_, data) => (AtMs: _clock.NowMs(), Event: parse(data)));
        var textEvents = 0;
        await foreach (var item in parser.EnumerateAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var (_, streamEvent) = item.Data;
            if (streamEvent.Kind == StreamEventKind.Done)
            {
                break;
            }
            if (streamEvent.HasText)
            {
                textEvents++;
            }
        }
        return textEvents == RecordedStream.TokenEvents ? textEvents : throw new InvalidOperationException($"saw {textEvents} text events");
    }
}
