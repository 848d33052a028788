using System.Text;
using BenchmarkDotNet.Attributes;
using LlmLoad.Benchmarks.Candidates;
using LlmLoad.Core.Transport;

namespace LlmLoad.Benchmarks;

/// <summary>
/// <see cref="OpenAiResponseParser.ParseStreamData"/> alone, on single payloads taken from the recorded stream:
/// the per-event JSON cost without SSE framing (a 100-token stream pays ~100 content events), next to the
/// <see cref="ReaderChunkParser"/> candidate.
/// </summary>
[MemoryDiagnoser]
public class StreamEventJsonBenchmarks
{
    private readonly byte[] _content = RecordedStream.Payloads[50];
    private readonly byte[] _finish = RecordedStream.Payloads[^3];
    private readonly byte[] _usage = RecordedStream.Payloads[^2];
    private readonly byte[] _done = RecordedStream.Payloads[^1];

    /// <summary>The candidate must give the current parser's result for every recorded event and for the odd shapes.</summary>
    [GlobalSetup]
    public void CheckCandidateAgrees()
    {
        string[] odd =
        [
            "{\"error\":{\"message\":\"overloaded\",\"code\":503}}", "{\"error\":\"bad\"}", "{\"error\":null,\"choices\":[]}",
            "[1,2]", "{\"choices\":[1]}", "{\"id\":\"x\"}", "{\"choices\":[{\"text\":\"hi\",\"finish_reason\":null}]}",
            "{\"choices\":[{\"delta\":{\"reasoning\":\"r\",\"content\":null}},{\"delta\":{\"content\":\"ignored\"}}]}",
            "{\"choices\":[{\"delta\":{\"reasoning_content\":\"a\",\"reasoning\":\"b\",\"content\":7}}]}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":3000000000,\"completion_tokens\":5}}", "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} trailing",
            "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],", "not json", "", "{\"usage\":null}",
        ];
        foreach (var payload in RecordedStream.Payloads.Concat(odd.Select(Encoding.UTF8.GetBytes)))
        {
            var current = OpenAiResponseParser.ParseStreamData(payload);
            var candidate = ReaderChunkParser.ParseStreamData(payload);
            if (current != candidate)
            {
                throw new InvalidOperationException($"the candidate parser disagrees on {Encoding.UTF8.GetString(payload)}: {current} vs {candidate}");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public StreamEvent ContentChunk() => OpenAiResponseParser.ParseStreamData(_content);

    [Benchmark]
    public StreamEvent ContentChunkCandidate() => ReaderChunkParser.ParseStreamData(_content);

    [Benchmark]
    public StreamEvent FinishChunk() => OpenAiResponseParser.ParseStreamData(_finish);

    [Benchmark]
    public StreamEvent UsageChunk() => OpenAiResponseParser.ParseStreamData(_usage);

    [Benchmark]
    public StreamEvent UsageChunkCandidate() => ReaderChunkParser.ParseStreamData(_usage);

    [Benchmark]
    public StreamEvent Done() => OpenAiResponseParser.ParseStreamData(_done);
}
