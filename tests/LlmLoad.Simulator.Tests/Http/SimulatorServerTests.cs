using System.Net;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>The OpenAI protocol on real sockets, against the <c>tiny</c> profile.</summary>
public sealed class SimulatorServerTests(TinyServerFixture fixture) : IClassFixture<TinyServerFixture>
{
    private static readonly Tokenizer s_o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public void The_server_listens_on_loopback_at_a_free_port()
    {
        var url = fixture.Server.BaseUrl;

        Assert.Equal(("http", "127.0.0.1"), (url.Scheme, url.Host));
        Assert.NotEqual(0, url.Port);
    }

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        using var response = await _client.GetAsync("v1/models", TestContext.Current.CancellationToken);

        var body = await SimulatorHttp.ReadJsonAsync(response);
        Assert.Equal("list", body.GetProperty("object").GetString());
        var model = Assert.Single(body.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal(("llmload/tiny-sim", "model", 4096), (model.GetProperty("id").GetString(), model.GetProperty("object").GetString(), model.GetProperty("max_model_len").GetInt32()));
    }

    [Fact]
    public async Task Health_answers_200()
    {
        using var response = await _client.GetAsync("health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_streamed_chat_completion_sends_role_with_the_first_token_then_a_usage_chunk_and_done()
    {
        using var response = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", SimulatorHttp.ChatBody(12, stream: true, includeUsage: true));

        var (data, truncated) = await SimulatorHttp.ReadEventsAsync(response);

        Assert.False(truncated);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        var usage = chunks[^1];
        var content = chunks[..^1];
        Assert.All(chunks, c => Assert.Equal(("chat.completion.chunk", "test-model"), (c.GetProperty("object").GetString(), c.GetProperty("model").GetString())));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.StartsWith("chatcmpl-", chunks[0].GetProperty("id").GetString());
        Assert.Equal("assistant", content[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(content.Skip(1), c => Assert.False(c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _)));
        Assert.Equal([.. Enumerable.Repeat<string?>(null, content.Count - 1), "length"], content.Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason").GetString()));
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        // "Hello there, how are you?" is 7 o200k tokens, plus tiny's 4 template tokens
        Assert.Equal((11, 12, 23), Usage(usage));
        var text = string.Concat(content.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(12, s_o200k.CountTokens(text));
    }

    [Fact]
    public async Task A_streamed_text_completion_uses_text_completion_chunks()
    {
        const string body = """{"prompt": "Once upon a time", "max_tokens": 5, "stream": true, "ignore_eos": true}""";

        using var response = await SimulatorHttp.PostAsync(_client, "v1/completions", body);
        var (data, _) = await SimulatorHttp.ReadEventsAsync(response);

        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        Assert.StartsWith("cmpl-", chunks[0].GetProperty("id").GetString());
        Assert.Equal("llmload/tiny-sim", chunks[0].GetProperty("model").GetString());
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, s_o200k.CountTokens(string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()))));
    }

    [Fact]
    public async Task Without_include_usage_a_stream_has_no_usage_chunk()
    {
        using var response = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", SimulatorHttp.ChatBody(4, stream: true));

        var (data, _) = await SimulatorHttp.ReadEventsAsync(response);

        Assert.Equal("[DONE]", data[^1]);
        Assert.All(data[..^1], d => Assert.False(JsonDocument.Parse(d).RootElement.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task A_non_streamed_chat_completion_returns_one_body_with_usage()
    {
        using var response = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", SimulatorHttp.ChatBody(9, stream: false));

        var body = await SimulatorHttp.ReadJsonAsync(response);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal(("assistant", "length"), (choice.GetProperty("message").GetProperty("role").GetString(), choice.GetProperty("finish_reason").GetString()));
        Assert.Equal(9, s_o200k.CountTokens(choice.GetProperty("message").GetProperty("content").GetString()!));
        Assert.Equal((11, 9, 20), Usage(body));
    }

    [Fact]
    public async Task A_text_completion_of_token_ids_counts_them_as_the_prompt()
    {
        const string body = """{"prompt": [1, 2, 3, 4, 5, 6], "max_completion_tokens": 3}""";

        using var response = await SimulatorHttp.PostAsync(_client, "v1/completions", body);

        var json = await SimulatorHttp.ReadJsonAsync(response);
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.Equal((6, 3, 9), Usage(json));
    }

    [Theory]
    [InlineData("""{"model": "m", "max_tokens": 5}""", "'messages' must be a non-empty array.")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}""", "'max_tokens' must be an integer of at least 1, got 0.")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "stream_options": {"include_usage": true}}""", "Stream options can only be defined when `stream=True`.")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "n": 2}""", "The simulator supports only 'n' = 1.")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 5000}""",
        "This model's maximum context length is 4096 tokens. However, you requested 5005 tokens (5 in the messages, 5000 in the completion). Please reduce the length of the messages or completion.")]
    public async Task A_bad_request_gets_400_with_an_openai_error_body(string body, string message)
    {
        using var response = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", body);

        var error = (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("invalid_request_error", message), (error.GetProperty("type").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_400()
    {
        using var response = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", """{"messages": """);

        var error = (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The request body is not valid JSON", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Metrics_use_vllm_names_and_count_generated_tokens()
    {
        using var completion = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", SimulatorHttp.ChatBody(7, stream: false));
        await completion.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var text = await _client.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        foreach (var name in (string[])["vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
                     "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:time_to_first_token_seconds_bucket"])
        {
            Assert.Contains($"# TYPE {name.Replace("_bucket", "")} ", text);
            Assert.Contains($"\n{name}{{", text);
        }

        var generated = text.Split('\n').Single(l => l.StartsWith("vllm:generation_tokens_total{", StringComparison.Ordinal));
        Assert.True(double.Parse(generated[(generated.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 7);
        Assert.Contains("vllm:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"llmload/tiny-sim\"}", text);
    }

    [Fact]
    public async Task Metrics_have_vllms_queue_time_histogram_observed_once_per_request_and_within_its_ttft()
    {
        // the server is shared by this class's tests: compare the page before and after three requests
        var before = await _client.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        for (var i = 0; i < 3; i++)
        {
            using var completion = await SimulatorHttp.PostAsync(_client, "v1/chat/completions", SimulatorHttp.ChatBody(5, stream: false));
            await completion.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        var after = await _client.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        static double Value(string page, string series) => double.Parse(page.Split('\n').Single(l => l.StartsWith(series, StringComparison.Ordinal)).Split(' ')[^1],
            System.Globalization.CultureInfo.InvariantCulture);
        double Increase(string series) => Value(after, series) - Value(before, series);
        Assert.Contains("# TYPE vllm:request_queue_time_seconds histogram", after);
        Assert.Equal(3, Increase("vllm:request_queue_time_seconds_count{"));
        Assert.Equal(3, Increase("vllm:request_queue_time_seconds_bucket{le=\"0.3\","));
        Assert.InRange(Increase("vllm:request_queue_time_seconds_sum{"), 0, Increase("vllm:time_to_first_token_seconds_sum{"));
    }

    private static (int Prompt, int Completion, int Total) Usage(JsonElement body)
    {
        var usage = body.GetProperty("usage");
        return (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }
}
