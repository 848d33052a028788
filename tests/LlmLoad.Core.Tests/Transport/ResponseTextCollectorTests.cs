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
            collector.StartChunk();
            collector.Append(chunk);
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

    [Fact]
    public void Text_appended_as_utf8_bytes_and_as_strings_counts_as_one_text()
    {
        // given a reasoning string and content bytes in one event, multi-byte content in the next
        var collector = new ResponseTextCollector();
        collector.StartChunk();
        collector.Append(" think");
        collector.Append(" é"u8);
        collector.StartChunk();
        collector.Append(" 😀 done"u8);

        // when
        var counted = collector.CountTokens(O200k, usageOutputTokens: null);

        // then each event is counted on its own, and the whole as the text it spells
        Assert.Equal([O200k.CountTokens(" think é"), O200k.CountTokens(" 😀 done")], counted.PerChunk);
        Assert.Equal(O200k.CountTokens(" think é 😀 done"), counted.Total);
    }

    [Fact]
    public async Task One_event_of_900_KB_without_whitespace_is_counted_in_seconds()
    {
        // given one event of 900 KB of letters, as a model dumping base64 would send (quadratic BPE: minutes)
        var collector = Collect(LlmLoad.Core.Tests.Workload.BoundedTokenCounterTests.RandomLetters(900_000));

        // when
        var counting = Task.Run(() => collector.CountTokens(O200k, usageOutputTokens: null), TestContext.Current.CancellationToken);
        var counted = await counting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // then the one event's count is the total (random letters are about two tokens per three characters)
        Assert.Equal([counted.Total], counted.PerChunk);
        Assert.InRange(counted.Total, 900_000 / 3, 900_000);
    }
}
