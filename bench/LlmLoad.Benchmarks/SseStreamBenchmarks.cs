using System.Net.ServerSentEvents;
using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;

namespace LlmLoad.Benchmarks;

/// <summary>
/// Reading one recorded 100-token stream the way <c>RequestExecutor.ReadStreamAsync</c> does: <see cref="SseEventReader"/>,
/// a clock stamp and <see cref="OpenAiResponseParser.ParseStreamData"/> per event; and the same with the framework's
/// <see cref="SseParser"/>, which it replaced. One operation is one whole stream (102 JSON events and <c>[DONE]</c>).
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class SseStreamBenchmarks
{
    private delegate StreamEvent EventParser(ReadOnlySpan<byte> data);

    private readonly RunClock _clock = new(TimeProvider.System);
    private readonly EventPerReadStream _eventPerRead = new(RecordedStream.Bytes);

    /// <summary>All bytes available at once: the reader fills its buffer with many events per read.</summary>
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

    /// <summary>One event per read through the framework's parser, for comparison.</summary>
    [Benchmark]
    public async Task<int> OneEventPerReadWithSseParser()
    {
        _eventPerRead.Rewind();
        var parser = SseParser.Create(_eventPerRead, (_, data) => (AtMs: _clock.NowMs(), Event: OpenAiResponseParser.ParseStreamData(data)));
        var textEvents = 0;
        await foreach (var item in parser.EnumerateAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Count(item.Data.Event, ref textEvents))
            {
                break;
            }
        }
        return Checked(textEvents);
    }

    /// <summary>The same loop as the executor's, minus the timeline bookkeeping (internal to Core).</summary>
    private async Task<int> ReadAsync(Stream body)
    {
        using var events = new SseEventReader(body, RequestExecutor.MaxSseLineBytes);
        var textEvents = 0;
        while (await events.ReadNextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            _ = _clock.NowMs();
            if (Count(OpenAiResponseParser.ParseStreamData(events.Data), ref textEvents))
            {
                break;
            }
        }
        return Checked(textEvents);
    }

    /// <summary>Counts a text event; true at [DONE].</summary>
    private static bool Count(in StreamEvent streamEvent, ref int textEvents)
    {
        textEvents += streamEvent.HasText ? 1 : 0;
        return streamEvent.Kind == StreamEventKind.Done;
    }

    private static int Checked(int textEvents) =>
        textEvents == RecordedStream.TokenEvents ? textEvents : throw new InvalidOperationException($"saw {textEvents} text events");
}
