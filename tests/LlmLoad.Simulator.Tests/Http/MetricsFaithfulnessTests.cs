using System.Globalization;
using System.Text;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>
/// <c>/metrics</c> at a known load over real sockets: the batch, the queue, the KV blocks and the preemptions of the
/// engine the load implies, and vLLM's histogram names and bucket bounds (vllm/v1/metrics/loggers.py).
/// </summary>
public sealed class MetricsFaithfulnessTests
{
    private static readonly SimulatorProfile s_tiny = ProfileCatalog.Get("tiny");

    [Fact]
    public async Task Twelve_long_streams_show_the_engines_batch_of_eight_four_waiting_and_their_kv_blocks_until_they_are_gone()
    {
        // given tiny (max_num_seqs 8) ten times slower than model time, so a batch settles between scrapes
        await using var server = await SimulatorServer.StartAsync(new SimulatorServerOptions { Profile = s_tiny, Seed = 3, Speedup = 0.1 },
            TestContext.Current.CancellationToken);
        using var client = SimulatorHttp.ClientFor(server);
        using var streams = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // when twelve streams of 2,000 tokens are in flight (distinct prompts: no shared prefix blocks)
        var requests = Enumerable.Range(0, 12).Select(i => client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent(SimulatorHttp.ChatBody(2000, stream: true, content: $"Request {i}: tell me a long story."), Encoding.UTF8, "application/json"),
            },
            HttpCompletionOption.ResponseHeadersRead, streams.Token)).ToArray();
        var busy = await ScrapeUntilAsync(client, page => Value(page, "vllm:num_requests_running") + Value(page, "vllm:num_requests_waiting") == 12);

        // then the batch is full and the rest wait; each running sequence holds at least its prompt's block of tiny's
        // 8,192 / 16 = 512, and a waiting one none
        Assert.Equal(8, Value(busy, "vllm:num_requests_running"));
        Assert.Equal(4, Value(busy, "vllm:num_requests_waiting"));
        Assert.InRange(Value(busy, "vllm:kv_cache_usage_perc"), 8 / 512.0, 1);

        // and when the clients go away, the engine frees everything
        await streams.CancelAsync();
        foreach (var request in requests)
        {
            try
            {
                (await request).Dispose();
            }
            catch (OperationCanceledException)
            {
                // a stream still waiting for its headers
            }
        }
        var idle = await ScrapeUntilAsync(client, page => Value(page, "vllm:num_requests_running") + Value(page, "vllm:num_requests_waiting") == 0);
        Assert.Equal(0, Value(idle, "vllm:kv_cache_usage_perc"));
    }

    [Fact]
    public async Task Prompts_and_outputs_beyond_the_kv_cache_count_preemptions_and_every_request_still_finishes()
    {
        // given tiny's 8,192-token KV cache and 8 requests of about 1,000 prompt and 300 output tokens: 10,400 tokens
        // cannot all stay, so the engine must preempt
        await using var server = await SimulatorHttp.StartAsync(s_tiny);
        using var client = SimulatorHttp.ClientFor(server);
        var before = await client.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        // when
        var bodies = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await SimulatorHttp.PostAsync(client, "v1/chat/completions",
                SimulatorHttp.ChatBody(300, stream: false, content: $"Request {i}:" + string.Concat(Enumerable.Repeat(" word", 1000))));
            return await SimulatorHttp.ReadJsonAsync(response);
        }));
        var after = await client.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        // then
        Assert.All(bodies, body => Assert.Equal(300, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        var prompt = bodies.Sum(body => body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.True(prompt + 8 * 300 > s_tiny.KvCapacityTokens, $"{prompt} prompt tokens fit the cache; the test needs more");
        Assert.True(Value(after, "vllm:num_preemptions_total") - Value(before, "vllm:num_preemptions_total") >= 1);
        Assert.Equal(8 * 300, Value(after, "vllm:generation_tokens_total") - Value(before, "vllm:generation_tokens_total"));
        Assert.Equal(8, Value(after, "vllm:request_success_total{finished_reason=\"length\"") - Value(before, "vllm:request_success_total{finished_reason=\"length\""));
    }

    [Fact]
    public async Task Ttft_queue_time_and_e2e_histograms_have_vllms_names_and_bounds_and_count_each_request_once()
    {
        await using var server = await SimulatorHttp.StartAsync(s_tiny);
        using var client = SimulatorHttp.ClientFor(server);

        for (var i = 0; i < 3; i++)
        {
            using var completion = await SimulatorHttp.PostAsync(client, "v1/chat/completions", SimulatorHttp.ChatBody(5, stream: false));
            await completion.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }
        var page = await client.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        string[] requestLatency = ["0.3", "0.5", "0.8", "1", "1.5", "2", "2.5", "5", "10", "15", "20", "30", "40", "50", "60", "120", "240", "480", "960", "1920", "7680", "+Inf"];
        string[] ttft = ["0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "20", "40", "80", "160", "640", "2560", "+Inf"];
        Assert.Equal(ttft, Bounds(page, "vllm:time_to_first_token_seconds"));
        Assert.Equal(requestLatency, Bounds(page, "vllm:request_queue_time_seconds"));
        Assert.Equal(requestLatency, Bounds(page, "vllm:e2e_request_latency_seconds"));
        foreach (var name in (string[])["vllm:time_to_first_token_seconds", "vllm:request_queue_time_seconds", "vllm:e2e_request_latency_seconds"])
        {
            Assert.Contains($"# TYPE {name} histogram", page);
            Assert.Equal(3, Value(page, name + "_count"));
            Assert.Equal(3, Value(page, name + "_bucket{le=\"+Inf\""));
        }
        // a request's e2e latency contains its TTFT, which contains its queue time
        Assert.InRange(Value(page, "vllm:request_queue_time_seconds_sum"), 0, Value(page, "vllm:time_to_first_token_seconds_sum"));
        Assert.True(Value(page, "vllm:e2e_request_latency_seconds_sum") >= Value(page, "vllm:time_to_first_token_seconds_sum"));
    }

    /// <summary>The page's value of the first series whose text starts with <paramref name="series"/> (a name, or a name and its first labels).</summary>
    private static double Value(string page, string series)
    {
        var prefix = series.Contains('{', StringComparison.Ordinal) ? series : series + "{";
        var line = page.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>le</c> values of a histogram's buckets, in page order, as vLLM would print them (without a trailing ".0").</summary>
    private static string[] Bounds(string page, string histogram) =>
    [
        .. page.Split('\n')
            .Where(l => l.StartsWith(histogram + "_bucket{le=\"", StringComparison.Ordinal))
            .Select(l => l[(histogram.Length + "_bucket{le=\"".Length)..])
            .Select(l => l[..l.IndexOf('"', StringComparison.Ordinal)])
            .Select(le => le == "+Inf" ? le : double.Parse(le, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Scrapes until the page meets the condition: the engine reaches a state on its own clock, which no event
    /// announces to a client; the deadline only bounds a broken engine.
    /// </summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var page = await client.GetStringAsync("metrics", TestContext.Current.CancellationToken);
            if (condition(page))
            {
                return page;
            }
            Assert.True(DateTime.UtcNow < deadline, "the engine did not reach the state within 20 s:\n" + page);
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }
}
