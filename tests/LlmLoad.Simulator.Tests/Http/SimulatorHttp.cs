using System.Text;
using System.Text.Json;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>Test helpers: a server on a free loopback port, requests, and a plain SSE reader.</summary>
internal static class SimulatorHttp
{
    public static Task<SimulatorServer> StartAsync(SimulatorProfile profile) =>
        SimulatorServer.StartAsync(new SimulatorServerOptions { Profile = profile, Seed = 3 }, TestContext.Current.CancellationToken);

    public static HttpClient ClientFor(SimulatorServer server) => new() { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static string ChatBody(int maxTokens, bool stream, bool includeUsage = false, bool ignoreEos = true, string content = "Hello there, how are you?")
    {
        var streamOptions = includeUsage ? """, "stream_options": {"include_usage": true}""" : "";
        return $$"""{"model": "test-model", "messages": [{"role": "user", "content": "{{content}}"}], "max_tokens": {{maxTokens}}, "stream": {{Json(stream)}}, "ignore_eos": {{Json(ignoreEos)}}{{streamOptions}}}""";
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body) =>
        client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead,
            TestContext.Current.CancellationToken);

    /// <summary>Reads every <c>data:</c> payload until the stream ends; Truncated when the connection broke.</summary>
    public static async Task<(List<string> Data, bool Truncated)> ReadEventsAsync(HttpResponseMessage response)
    {
        var data = new List<string>();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
                else
                {
                    Assert.Equal("", line); // events are single data lines separated by blank lines
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (data, true);
        }

        return (data, false);
    }

    /// <summary>
    /// Reads a stream of named events (<c>event:</c> then <c>data:</c>, a blank line after each), as the Responses and
    /// Messages APIs send them; asserts each event's name is its data's <c>type</c>, and that no other line appears.
    /// </summary>
    public static async Task<List<JsonElement>> ReadNamedEventsAsync(HttpResponseMessage response)
    {
        var events = new List<JsonElement>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        string? name = null;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                Assert.Null(name);
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal(name, data.GetProperty("type").GetString());
                events.Add(data);
                name = null;
            }
            else
            {
                Assert.Equal("", line);
            }
        }

        return events;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    private static string Json(bool value) => value ? "true" : "false";
}
