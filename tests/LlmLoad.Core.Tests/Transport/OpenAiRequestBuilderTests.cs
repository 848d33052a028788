using System.Text.Json;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>Each API's request body: where the conversation goes and what the output limit is called.</summary>
public sealed class OpenAiRequestBuilderTests
{
    private static JsonElement Build(EndpointApi api, WorkloadItem item) =>
        JsonDocument.Parse(new OpenAiRequestBuilder(new EndpointOptions { BaseUrl = new Uri("http://localhost"), Api = api }, "m").Build(item)).RootElement;

    private static readonly WorkloadItem Conversation = new("be brief\n\nhi", 5, 32)
    {
        Messages = [new ChatMessage("system", "be brief"), new ChatMessage("user", "hi")],
    };

    [Fact]
    public void The_responses_api_gets_the_conversation_as_input_and_max_output_tokens_without_stream_options()
    {
        var body = Build(EndpointApi.Responses, Conversation);

        Assert.Equal(["system", "user"], body.GetProperty("input").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(32, body.GetProperty("max_output_tokens").GetInt32());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.False(body.TryGetProperty("stream_options", out _));
        Assert.False(body.TryGetProperty("messages", out _));
    }

    [Fact]
    public void The_messages_api_gets_system_messages_apart_and_max_tokens()
    {
        var body = Build(EndpointApi.Messages, Conversation);

        Assert.Equal("be brief", body.GetProperty("system").GetString());
        Assert.Equal(["user"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(32, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void A_prompt_without_messages_is_one_user_message_in_every_chat_like_api()
    {
        var item = new WorkloadItem("hello", 1, 8);
        foreach (var (api, list) in new[] { (EndpointApi.Chat, "messages"), (EndpointApi.Responses, "input"), (EndpointApi.Messages, "messages") })
        {
            var message = Assert.Single(Build(api, item).GetProperty(list).EnumerateArray());
            Assert.Equal(("user", "hello"), (message.GetProperty("role").GetString(), message.GetProperty("content").GetString()));
        }
    }
}
