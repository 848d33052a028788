using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Transport;

namespace LlmLoad.Benchmarks;

/// <summary>
/// <see cref="OpenAiResponseParser.ParseStreamData"/> alone, on single payloads taken from the recorded stream:
/// the per-event JSON cost without SSE framing (a 100-token stream pays ~100 content events). The
/// parser reads ordinary chunks with a one-pass fast path (OrdinaryChunkReader); tests hold it to the full parser's answers.
/// </summary>
[MemoryDiagnoser]
public class StreamEventJsonBenchmarks
{
    private readonly byte[] _content = RecordedStream.Payloads[50];
    private readonly byte[] _finish = RecordedStream.Payloads[^3];
    private readonly byte[] _usage = RecordedStream.Payloads[^2];
    private readonly byte[] _done = RecordedStream.Payloads[^1];

    [Benchmark(Baseline = true)]
    public StreamEvent ContentChunk() => OpenAiResponseParser.ParseStreamData(_content);

    [Benchmark]
    public StreamEvent FinishChunk() => OpenAiResponseParser.ParseStreamData(_finish);

    [Benchmark]
    public StreamEvent UsageChunk() => OpenAiResponseParser.ParseStreamData(_usage);

    [Benchmark]
    public StreamEvent Done() => OpenAiResponseParser.ParseStreamData(_done);
}
