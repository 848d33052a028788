using System.Text.Json.Nodes;
using System.Text.Json;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Transport;

public sealed class OpenAiRequestBuilderTests
{
    private static readonly WorkloadItem s_item = new("hello", 1, 16);

    private static EndpointOptions Endpoint(string? extraJson = null, bool allowOverride = false)
    {
        ExtraBody? extra = null;
        Assert.True(extraJson is null || ExtraBody.TryParse(extraJson, "--extra-body", out extra, out _));
        return new EndpointOptions { BaseUrl = new Uri("http://127.0.0.1:1"), ExtraBody = extra, ExtraBodyOverride = allowOverride };
    }

    private static JsonObject Body(EndpointOptions endpoint, string model = "m") =>
        JsonNode.Parse(new OpenAiRequestBuilder(endpoint).Build(s_item, model))!.AsObject();

    [Fact]
    public void Each_body_names_the_model_it_was_built_for()
    {
        // when
        var builder = new OpenAiRequestBuilder(Endpoint());

        // then
        Assert.Equal("a", (string)JsonNode.Parse(builder.Build(s_item, "a"))!["model"]!);
        Assert.Equal("lora-b", (string)JsonNode.Parse(builder.Build(s_item, "lora-b"))!["model"]!);
    }

    [Fact]
    public void Extra_body_fields_are_merged_after_llmloads_own_nested_values_included()
    {
        // when
        var body = Body(Endpoint("""{"top_k": 20, "chat_template_kwargs": {"enable_thinking": false}, "response_format": {"type": "json_object"}}"""));

        // then
        Assert.Equal(20, (int)body["top_k"]!);
        Assert.False((bool)body["chat_template_kwargs"]!["enable_thinking"]!);
        Assert.Equal("json_object", (string)body["response_format"]!["type"]!);
        Assert.Equal(16, (int)body["max_completion_tokens"]!);
        Assert.Equal(["model", "messages", "max_completion_tokens", "stream", "stream_options", "top_k", "chat_template_kwargs", "response_format"], body.Select(p => p.Key));
    }

    [Fact]
    public void With_override_an_extra_field_of_llmloads_is_sent_once_with_the_users_value()
    {
        // when
        var body = Body(Endpoint("""{"max_tokens": 5, "stream": false}""", allowOverride: true));

        // then llmload's own token limit (either spelling) and stream give way
        Assert.Equal(5, (int)body["max_tokens"]!);
        Assert.False(body.ContainsKey("max_completion_tokens"));
        Assert.False((bool)body["stream"]!);
        Assert.Single(body, p => p.Key == "stream");
    }

    [Fact]
    public void The_keys_llmload_sets_include_those_its_flags_add()
    {
        // when
        var plain = OpenAiRequestBuilder.OwnKeys(Endpoint());
        var flagged = OpenAiRequestBuilder.OwnKeys(Endpoint() with { Temperature = 0, Seed = 1, IgnoreEos = true });

        // then
        Assert.Contains("max_tokens", plain);
        Assert.DoesNotContain("temperature", plain);
        Assert.Superset(new HashSet<string>(["temperature", "seed", "ignore_eos"]), new HashSet<string>(flagged));
    }

    [Theory]
    [InlineData("{\"top_k\": ", "--extra-body is not valid JSON:")]
    [InlineData("[1, 2]", "--extra-body must be a JSON object (its fields are merged into each request body), not an array.")]
    public void Extra_body_that_is_not_a_json_object_is_one_line(string json, string expectedStart)
    {
        // when
        var parsed = ExtraBody.TryParse(json, "--extra-body", out _, out var error);

        // then
        Assert.False(parsed);
        Assert.StartsWith(expectedStart, error);
        Assert.DoesNotContain('\n', error!);
    }

    private static JsonElement Build(EndpointApi api, WorkloadItem item) =>
        JsonDocument.Parse(new OpenAiRequestBuilder(new EndpointOptions { BaseUrl = new Uri("http://localhost"), Api = api }).Build(item, "m")).RootElement;

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
