using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Responses;

// the SDK marks its Responses client as an evaluation API; it is used here only to check the simulator's stream
#pragma warning disable OPENAI001

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>
/// The Responses and Messages APIs on real sockets: each stream is the documented event sequence, its text has as many
/// words as tokens were asked for, and its usage counts the prompt as chat does. The official OpenAI SDK reads the
/// Responses stream as an independent check.
/// </summary>
public sealed class TypedEventStreamTests(TinyServerFixture fixture) : IClassFixture<TinyServerFixture>
{
    private const string Content = "Hello there, how are you?";

    private static string ResponsesBody(int maxTokens, bool stream = true) =>
        $$"""{"model": "test-model", "input": [{"role": "user", "content": "{{Content}}"}], "max_output_tokens": {{maxTokens}}, "stream": {{(stream ? "true" : "false")}}, "ignore_eos": true}""";

    private static string MessagesBody(int maxTokens, string system = "") =>
        $$"""{"model": "test-model", {{system}}"messages": [{"role": "user", "content": "{{Content}}"}], "max_tokens": {{maxTokens}}, "stream": true, "ignore_eos": true}""";

    /// <summary>The prompt tokens chat reports for the same conversation.</summary>
    private async Task<int> ChatPromptTokensAsync()
    {
        using var response = await SimulatorHttp.PostAsync(fixture.Client, "/v1/chat/completions", SimulatorHttp.ChatBody(1, stream: false, content: Content));
        return (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task A_messages_stream_is_the_documented_event_sequence_with_usage_in_message_start_and_message_delta()
    {
        using var response = await SimulatorHttp.PostAsync(fixture.Client, "/v1/messages", MessagesBody(12));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await SimulatorHttp.ReadNamedEventsAsync(response);

        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["message_start", "content_block_start"], types[..2]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], types[^3..]);
        var deltas = events[2..^3];
        Assert.NotEmpty(deltas);
        Assert.All(deltas, e =>
        {
            Assert.Equal("content_block_delta", e.GetProperty("type").GetString());
            Assert.Equal(0, e.GetProperty("index").GetInt32());
            Assert.Equal("text_delta", e.GetProperty("delta").GetProperty("type").GetString());
        });
        var text = string.Concat(deltas.Select(e => e.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(12, Words(text));

        var message = events[0].GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.StartsWith("msg_", message.GetProperty("id").GetString());
        Assert.Equal(await ChatPromptTokensAsync(), message.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("max_tokens", events[^2].GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(12, events[^2].GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task A_messages_system_prompt_counts_toward_the_prompt()
    {
        using var plain = await SimulatorHttp.PostAsync(fixture.Client, "/v1/messages", MessagesBody(1));
        using var withSystem = await SimulatorHttp.PostAsync(fixture.Client, "/v1/messages", MessagesBody(1, """ "system": "You are a terse assistant.", """));

        static int InputTokens(List<JsonElement> events) => events[0].GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt32();
        Assert.True(InputTokens(await SimulatorHttp.ReadNamedEventsAsync(withSystem)) > InputTokens(await SimulatorHttp.ReadNamedEventsAsync(plain)));
    }

    [Fact]
    public async Task A_responses_stream_is_the_documented_event_sequence_with_usage_in_its_last_event()
    {
        using var response = await SimulatorHttp.PostAsync(fixture.Client, "/v1/responses", ResponsesBody(12));
        var events = await SimulatorHttp.ReadNamedEventsAsync(response);

        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"], types[..4]);
        // cut by max_output_tokens: OpenAI ends such an answer with response.incomplete
        Assert.Equal(["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.incomplete"], types[^4..]);
        var deltas = events[4..^4];
        Assert.NotEmpty(deltas);
        Assert.All(deltas, e => Assert.Equal("response.output_text.delta", e.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.GetProperty("sequence_number").GetInt32()));

        var text = string.Concat(deltas.Select(e => e.GetProperty("delta").GetString()));
        Assert.Equal(12, Words(text));
        Assert.Equal(text, events[^4].GetProperty("text").GetString());
        var last = events[^1].GetProperty("response");
        Assert.Equal("incomplete", last.GetProperty("status").GetString());
        Assert.Equal(text, last.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(12, last.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(await ChatPromptTokensAsync(), last.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task The_typed_apis_are_served_streamed_only()
    {
        using var response = await SimulatorHttp.PostAsync(fixture.Client, "/v1/responses", ResponsesBody(4, stream: false));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("streamed only", (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_official_sdk_streams_a_response_with_its_text_and_usage()
    {
        var options = new ResponsesClientOptions
        {
            Endpoint = new Uri(fixture.Server.BaseUrl, "v1"),
            RetryPolicy = new ClientRetryPolicy(0), // a retry would hide a protocol failure
        };
        var client = new ResponsesClient(new ApiKeyCredential("sk-test"), options);
        var request = new CreateResponseOptions("llmload/tiny-sim", [ResponseItem.CreateUserMessageItem("Say something.")])
        {
            MaxOutputTokenCount = 15,
            StreamingEnabled = true,
        };
        var text = new StringBuilder();
        ResponseResult? last = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(request, TestContext.Current.CancellationToken))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    last = incomplete.Response;
                    break;
                case StreamingResponseCompletedUpdate completed:
                    last = completed.Response;
                    break;
            }
        }

        Assert.Equal(15, Words(text.ToString()));
        Assert.NotNull(last);
        Assert.Equal(text.ToString(), last.GetOutputText());
        Assert.Equal((15, 3 + 4), (last.Usage.OutputTokenCount, last.Usage.InputTokenCount)); // "Say something." is 3 tokens
    }
}
