using LlmLoad.Core.Transport;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

public sealed class ResponseTextCollectorTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static ResponseTextCollector Collect(params string[] chunks)
    {
        var collector = new ResponseTextCollector();
        foreach (var chunk in chunks)
        {
            collector.Add(chunk, reasoning: null);
        }
        return collector;
    }

    [Fact]
    public void Events_are_counted_one_by_one_when_the_server_reports_no_usage_or_a_different_total()
    {
        // given two events, the second of two tokens
        var collector = Collect(" one", " two three");

        // when
        var withoutUsage = collector.CountTokens(O200k, usageOutputTokens: null);
        var withOtherUsage = collector.CountTokens(O200k, usageOutputTokens: 3);

        // then
        Assert.Equal([1, 2], withoutUsage.PerChunk);
        Assert.Equal(3, withoutUsage.Total);
        Assert.Equal([1, 2], withOtherUsage.PerChunk);
    }

    [Fact]
    public void One_token_per_event_is_taken_from_usage_when_it_equals_the_event_count_and_the_total_is_still_ours()
    {
        // given three events and a server that says it generated three tokens
        var collector = Collect(" alpha", " beta", " gamma");

        // when
        var counted = collector.CountTokens(O200k, usageOutputTokens: 3);

        // then
        Assert.Equal([1, 1, 1], counted.PerChunk);
        Assert.Equal(O200k.CountTokens(" alpha beta gamma"), counted.Total);
    }
}
