using System.Net;
using System.Text.Json;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>The overload layer and fault injection over HTTP, each on its own variant of <c>tiny</c>.</summary>
public sealed class SimulatorServerFaultTests
{
    private static readonly SimulatorProfile s_tiny = ProfileCatalog.Get("tiny");

    [Fact]
    public async Task A_request_over_the_hard_in_flight_limit_gets_503_with_an_openai_error()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { HardInflight = 1, SoftInflight = 1 });
        using var client = SimulatorHttp.ClientFor(server);
        using var first = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(2000, stream: true));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode); // headers arrive with the first token: the request is in flight

        using var second = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(5, stream: true));

        var error = (await SimulatorHttp.ReadJsonAsync(second)).GetProperty("error");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(("server_error", "service_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("hard_inflight 1", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task No_first_token_within_the_timeout_gives_504()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { FrontendMs = 300, FrontendCv = 0, FirstByteTimeoutSeconds = 0.05 });
        using var client = SimulatorHttp.ClientFor(server);

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(5, stream: true));

        var error = (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("timeout_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Injected_errors_answer_429_500_or_503_with_an_error_body()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { InjectErrorRate = 1 });
        using var client = SimulatorHttp.ClientFor(server);

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(5, stream: true));

        var error = (await SimulatorHttp.ReadJsonAsync(response)).GetProperty("error");
        Assert.Contains((int)response.StatusCode, (int[])[429, 500, 503]);
        Assert.StartsWith("Injected fault", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_disconnect_closes_the_stream_before_the_last_token_and_without_done()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { DisconnectRate = 1 });
        using var client = SimulatorHttp.ClientFor(server);

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(30, stream: true, includeUsage: true));
        var (data, _) = await SimulatorHttp.ReadEventsAsync(response);

        Assert.DoesNotContain("[DONE]", data);
        Assert.InRange(data.Count, 1, 29);
        Assert.All(data, d => Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(d).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
    }

    [Fact]
    public async Task A_malformed_event_is_one_unparsable_data_line_in_an_otherwise_complete_stream()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { MalformedEventRate = 1 });
        using var client = SimulatorHttp.ClientFor(server);

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(20, stream: true));
        var (data, truncated) = await SimulatorHttp.ReadEventsAsync(response);

        Assert.False(truncated);
        Assert.Equal("[DONE]", data[^1]);
        Assert.Single(data[..^1], d => !IsJson(d));
    }

    [Fact]
    public async Task Without_ignore_eos_a_request_can_stop_early_with_finish_reason_stop()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { EosProb = 0.5 });
        using var client = SimulatorHttp.ClientFor(server);

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(50, stream: false, ignoreEos: false));

        // P(no EOS in 49 tokens at 0.5 each) = 2^-49: the request ends early
        var body = await SimulatorHttp.ReadJsonAsync(response);
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.InRange(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, 49);
    }

    [Fact]
    public async Task A_slow_first_byte_holds_the_response_headers()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny with { SlowFirstByteMs = 300 });
        using var client = SimulatorHttp.ClientFor(server);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();

        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(3, stream: true));

        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(300));
        Assert.Equal("[DONE]", (await SimulatorHttp.ReadEventsAsync(response)).Data[^1]);
    }

    [Fact]
    public async Task Invalid_options_are_all_reported_at_once()
    {
        var options = new SimulatorServerOptions { Profile = s_tiny, Port = 70000, Speedup = 0 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SimulatorServer.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("port \"70000\" must be between 0 (any free port) and 65535.", error.Message);
        Assert.Contains("speed-up \"0\" must be a finite number above 0.", error.Message);
    }

    private static bool IsJson(string text)
    {
        try
        {
            JsonDocument.Parse(text).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
