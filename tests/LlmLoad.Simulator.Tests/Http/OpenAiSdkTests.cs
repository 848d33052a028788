using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>The official OpenAI .NET SDK as an independent check of protocol conformance.</summary>
public sealed class OpenAiSdkTests(TinyServerFixture fixture) : IClassFixture<TinyServerFixture>
{
    [Fact]
    public async Task The_official_sdk_streams_a_chat_completion_with_finish_reason_and_usage()
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(fixture.Server.BaseUrl, "v1"),
            RetryPolicy = new ClientRetryPolicy(0), // a retry would hide a protocol failure
        };
        var client = new ChatClient("llmload/tiny-sim", new ApiKeyCredential("sk-test"), options);
        var text = new StringBuilder();
        ChatFinishReason? finishReason = null;
        ChatTokenUsage? usage = null;

        await foreach (var update in client.CompleteChatStreamingAsync(
                           [new UserChatMessage("Say something.")],
                           new ChatCompletionOptions { MaxOutputTokenCount = 15 },
                           TestContext.Current.CancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finishReason ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(ChatFinishReason.Length, finishReason);
        Assert.Equal(15, text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotNull(usage);
        Assert.Equal((15, 3 + 4), (usage.OutputTokenCount, usage.InputTokenCount)); // "Say something." is 3 tokens
    }
}
