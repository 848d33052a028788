using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Common;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>Which output token count a record keeps when the server's usage and the text disagree.</summary>
public sealed class OutputTokenCountTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Fact]
    public async Task A_usage_count_of_zero_beside_text_falls_back_to_the_tokenizer_and_shows_as_a_mismatch()
    {
        // given a server that streams three words and then reports completion_tokens 0
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hello") + SseScript.ChatChunk(" hello") + SseScript.ChatChunk(" hello"));
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(5, 0) + SseScript.Done);
        });
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl };
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");
        var request = new PreparedRequest(0, false, "{\"model\":\"m\"}"u8.ToArray(), PromptTokens: 5, MaxTokens: 10);

        // when
        var record = await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken);
        var summary = RunSummarizer.Summarize([record], SummaryOptions.Default);

        // then the text's own count is used, the server's 0 is kept beside it, and the summary reports the disagreement
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(3, record.OutputTokens);
        Assert.Equal("tokenizer", record.OutputTokensSource);
        Assert.Equal(0, record.UsageOutputTokens);
        Assert.Equal(3, summary.TotalOutputTokens);
        Assert.Equal(1, summary.TokenCounts.Mismatched);
    }
}
