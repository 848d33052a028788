using System.Text;
using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Benchmarks;

/// <summary>
/// Work the executor does for every request besides parsing, reproduced through public APIs (the types
/// themselves are internal to Core): token counting at the end of a stream (<c>ResponseTextCollector.CountTokens</c>),
/// re-arming the per-request timeout on every event (<c>RequestTimeouts.OnActivity</c>) and building the request URI
/// (<c>EndpointOptions.RequestUri</c>). One operation is one 100-token request.
/// </summary>
[MemoryDiagnoser]
public class PerRequestWorkBenchmarks
{
    private readonly Tokenizer _tokenizer = TokenizerCatalog.Create(TokenizerCatalog.DefaultName);
    private readonly EndpointOptions _endpoint = new() { BaseUrl = new Uri("http://127.0.0.1:8000") };
    private string _text = "";
    private int[] _chunkStarts = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        var starts = new List<int>();
        foreach (var payload in RecordedStream.Payloads)
        {
            if (OpenAiResponseParser.ParseStreamData(payload) is { HasText: true } streamEvent)
            {
                starts.Add(text.Length);
                text.Append(streamEvent.Content);
            }
        }
        _text = text.ToString();
        _chunkStarts = [.. starts];
    }

    /// <summary>As <c>ResponseTextCollector.CountTokens</c>: each event's text, then the whole text.</summary>
    [Benchmark]
    public int CountTokensOfHundredChunks()
    {
        var total = 0;
        for (var i = 0; i < _chunkStarts.Length; i++)
        {
            var end = i + 1 < _chunkStarts.Length ? _chunkStarts[i + 1] : _text.Length;
            total += _tokenizer.CountTokens(_text.AsSpan(_chunkStarts[i], end - _chunkStarts[i]));
        }
        return total + _tokenizer.CountTokens(_text);
    }

    /// <summary>The whole text once: what counting costs if per-event counts are skipped when <c>usage</c> already says one token per event.</summary>
    [Benchmark]
    public int CountTokensOfWholeTextOnly() => _tokenizer.CountTokens(_text);

    /// <summary>As <c>RequestTimeouts</c>: one timer-backed source per request, <c>CancelAfter</c> on each of 100 events.</summary>
    [Benchmark]
    public bool RearmTimeoutOnEveryEvent()
    {
        using var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, TimeProvider.System);
        source.CancelAfter(TimeSpan.FromSeconds(120));
        for (var i = 0; i < RecordedStream.TokenEvents; i++)
        {
            source.CancelAfter(TimeSpan.FromSeconds(60));
        }
        return source.IsCancellationRequested;
    }

    /// <summary><c>EndpointOptions.RequestUri</c> is computed on every read; the executor reads it once per request.</summary>
    [Benchmark]
    public Uri BuildRequestUri() => _endpoint.RequestUri;
}
