using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>
/// A multi-turn conversation over real sockets, resending the whole history with the server's actual
/// replies as a chat client does, with the prefix cache on and off.
/// </summary>
public sealed class PrefixCacheHttpTests
{
    private const int Turns = 6;
    private const int ReplyTokens = 40;
    private static readonly Tokenizer s_o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    // tiny with a prefill cost that dominates a step (0.1 ms per prompt token) and room for long prompts;
    // run 5 times slower than model time, so that the modelled TTFT (60-400 ms) dwarfs scheduling noise
    private const double SlowMotion = 0.2;
    private static readonly SimulatorProfile s_profile = ProfileCatalog.Get("tiny") with
    {
        MaxNumBatchedTokens = 8192,
        TauCUs = 100,
        KvCapacityTokens = 65536,
        MaxModelLen = 16384,
        StepCv = 0,
    };

    [Fact]
    public async Task With_prefix_caching_a_growing_conversation_keeps_its_first_turn_ttft_and_metrics_count_the_hits()
    {
        var conversation = await ConverseAsync(s_profile);

        // the prompt grows several-fold, TTFT does not: each turn computes only what the last one did not send
        Assert.True(conversation.PromptTokens[^1] > 4 * conversation.PromptTokens[0], $"prompts {Join(conversation.PromptTokens)}");
        Assert.All(conversation.TtftMs.Skip(1), ttft => Assert.True(ttft < 2 * conversation.TtftMs[0], $"TTFT by turn {Join(conversation.TtftMs)} ms"));

        // turn k + 1 finds turn k's messages in the cache, in whole 16-token blocks (the template tokens come after them)
        var expectedHits = conversation.MessageTokens.SkipLast(1).Sum(tokens => tokens / 16 * 16);
        Assert.Equal(conversation.PromptTokens.Sum(), conversation.Metrics["vllm:prefix_cache_queries_total"]);
        Assert.Equal(expectedHits, conversation.Metrics["vllm:prefix_cache_hits_total"]);
    }

    [Fact]
    public async Task Without_prefix_caching_ttft_grows_with_the_conversation_and_nothing_is_counted()
    {
        var conversation = await ConverseAsync(s_profile with { PrefixCaching = false });

        Assert.True(conversation.TtftMs[^1] > 3 * conversation.TtftMs[0], $"TTFT by turn {Join(conversation.TtftMs)} ms");
        Assert.Equal((0, 0), (conversation.Metrics["vllm:prefix_cache_queries_total"], conversation.Metrics["vllm:prefix_cache_hits_total"]));
    }

    private sealed record Conversation(List<int> PromptTokens, List<int> MessageTokens, List<double> TtftMs, Dictionary<string, long> Metrics);

    private static async Task<Conversation> ConverseAsync(SimulatorProfile profile)
    {
        await using var server = await SimulatorServer.StartAsync(
            new SimulatorServerOptions { Profile = profile, Seed = 3, Speedup = SlowMotion }, TestContext.Current.CancellationToken);
        using var client = SimulatorHttp.ClientFor(server);
        await SendAsync(client, [("user", "Warm up.")]); // first-request costs (JIT, tokenizer) stay out of turn 1
        var before = await PrefixCacheCountersAsync(client);
        var messages = new List<(string Role, string Content)> { ("system", "You answer questions about numbered items, briefly.") };
        var prompts = new List<int>();
        var messageTokens = new List<int>();
        var ttfts = new List<double>();
        for (var turn = 1; turn <= Turns; turn++)
        {
            messages.Add(("user", UserText(turn)));
            messageTokens.Add(messages.Sum(m => s_o200k.CountTokens(m.Content)));
            var (reply, ttftMs, promptTokens) = await SendAsync(client, messages);
            Assert.Equal(messageTokens[^1] + profile.PromptOverheadTokens, promptTokens);
            prompts.Add(promptTokens);
            ttfts.Add(ttftMs);
            messages.Add(("assistant", reply));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"prompt tokens {Join(prompts)}; TTFT {Join(ttfts)} ms (wall clock, {1 / SlowMotion}x model time)");
        var after = await PrefixCacheCountersAsync(client);
        return new Conversation(prompts, messageTokens, ttfts, after.ToDictionary(c => c.Key, c => c.Value - before[c.Key]));
    }

    private static async Task<Dictionary<string, long>> PrefixCacheCountersAsync(HttpClient client) =>
        (await client.GetStringAsync("metrics", TestContext.Current.CancellationToken))
            .Split('\n')
            .Where(line => line.StartsWith("vllm:prefix_cache_", StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf('{')], line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>Streams one turn; returns the reply text, the time to its first content chunk, and usage.prompt_tokens.</summary>
    private static async Task<(string Reply, double TtftMs, int PromptTokens)> SendAsync(HttpClient client, List<(string Role, string Content)> messages)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "test-model",
            ["messages"] = messages.Select(m => new Dictionary<string, string> { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["max_tokens"] = ReplyTokens,
            ["stream"] = true,
            ["ignore_eos"] = true,
            ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = true },
        });
        var sent = Stopwatch.GetTimestamp();
        using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions", body);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var reply = new System.Text.StringBuilder();
        var ttftMs = double.NaN;
        var promptTokens = 0;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            var chunk = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            if (chunk.GetProperty("choices").GetArrayLength() > 0)
            {
                if (double.IsNaN(ttftMs))
                {
                    ttftMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }

                reply.Append(chunk.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
            }
            else
            {
                promptTokens = chunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
            }
        }

        return (reply.ToString(), ttftMs, promptTokens);
    }

    /// <summary>About 600 tokens, different for every turn.</summary>
    private static string UserText(int turn) =>
        $"Turn {turn}. Please look at these items: " + string.Join(", ", Enumerable.Range(turn * 1000, 120).Select(i => $"item {i}"));

    private static string Join<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0:0.#}", v)));
}
