using System.Net;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Tests.Http;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Virtual;

/// <summary>
/// Issue 17, item 6: virtual time refuses the requests the HTTP server refuses, the same way (HTTP 400 before
/// admission), so <c>simulate</c> no longer predicts success for requests that <c>run</c> sees fail.
/// </summary>
public sealed class ContextLimitAgreementTests(TinyServerFixture fixture) : IClassFixture<TinyServerFixture>
{
    private static readonly SimulatorProfile s_tiny = ProfileCatalog.Get("tiny");

    /// <summary>A prompt of about 4000 tokens, so the boundary is reached with a short, fast completion.</summary>
    private static readonly string s_longPrompt = string.Join(" ", Enumerable.Repeat("hello", 4000));

    [Theory]
    [InlineData(0, HttpStatusCode.OK)]
    [InlineData(1, HttpStatusCode.BadRequest)]
    public async Task Both_paths_refuse_exactly_the_requests_over_max_model_len(int tokensOverTheLimit, HttpStatusCode expected)
    {
        // given a completion that just fits the 4096-token context (0) or exceeds it by one (1)
        var promptTokens = PromptTokenCounter.Count(s_longPrompt);
        var maxTokens = s_tiny.MaxModelLen - promptTokens - s_tiny.PromptOverheadTokens + tokensOverTheLimit;

        // when the real-time server gets it, and virtual time runs a user sending it
        using var response = await SimulatorHttp.PostAsync(fixture.Client, "/v1/chat/completions",
            SimulatorHttp.ChatBody(maxTokens, stream: false, content: s_longPrompt));
        var workload = new VirtualWorkload { PromptTokensMin = promptTokens, PromptTokensMax = promptTokens, OutputTokens = maxTokens };
        var predicted = VirtualTimeSweep.RunLevel(s_tiny, 1, workload, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        // then both accept it, or both refuse every one of them with 400
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.True(predicted.Succeeded > 0);
            Assert.DoesNotContain(SimulatedFailure.ContextLength400, predicted.FailuresByKind.Keys);
        }
        else
        {
            Assert.Equal(0, predicted.Succeeded);
            Assert.True(predicted.Failed > 0);
            Assert.Equal([SimulatedFailure.ContextLength400], predicted.FailuresByKind.Keys);
        }
    }

    [Fact]
    public void The_study_workload_with_5000_output_tokens_on_tiny_is_refused_in_virtual_time()
    {
        // given the case: --output-tokens 5000 on profile tiny (max_model_len 4096)
        var workload = VirtualWorkload.StudyBaseline with { OutputTokens = 5000 };

        // when
        var predicted = VirtualTimeSweep.RunLevel(s_tiny, 4, workload, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        // then
        Assert.Equal(0, predicted.Succeeded);
        Assert.Equal(predicted.Failed, predicted.FailuresByKind[SimulatedFailure.ContextLength400]);
    }
}
