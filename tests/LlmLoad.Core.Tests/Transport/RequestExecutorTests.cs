using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using Microsoft.AspNetCore.Http;
using LlmLoad.Tests.Common;
using LlmLoad.Tests.Support;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

[Collection(TimingSensitive.Name)]
public sealed class RequestExecutorTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static async Task<RequestRecord> ExecuteAgainstAsync(
        LoopbackServer server, EndpointOptions? options = null, CancellationTokenSource? stop = null, RunClock? runClock = null)
    {
        var endpoint = options is null ? new EndpointOptions { BaseUrl = server.BaseUrl } : options with { BaseUrl = server.BaseUrl };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        var clock = runClock ?? new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");
        var request = new PreparedRequest(7, false, "{\"model\":\"m\"}"u8.ToArray(), PromptTokens: 5, MaxTokens: 10);
        return await executor.ExecuteAsync(request, clock.NowMs(), stop?.Token ?? TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(HttpStack.Builtin)]
    [InlineData(HttpStack.Dotnet)]
    public async Task The_next_request_reuses_the_connection_when_the_body_ends_a_little_after_done(HttpStack stack)
    {
        // given a server that sends the chunked terminator 20 ms after [DONE], as a separate segment
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Chunk("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n") + Chunk("data: [DONE]\n\n"), cancellationToken);
            await Task.Delay(20, cancellationToken);
            await exchange.WriteAsync("0\r\n\r\n", cancellationToken);
        });
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, HttpStack = stack };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");

        // when one user sends three requests, each as soon as the previous one returned
        var outcomes = new List<RequestOutcome>();
        for (var i = 0; i < 3; i++)
        {
            var request = new PreparedRequest(i, false, "{\"model\":\"m\"}"u8.ToArray(), PromptTokens: 5, MaxTokens: 10);
            outcomes.Add((await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken)).Outcome);
        }

        // then all three went over the one connection
        Assert.Equal([RequestOutcome.Ok, RequestOutcome.Ok, RequestOutcome.Ok], outcomes);
        Assert.Equal(1, server.Connections);

        static string Chunk(string data) => $"{System.Text.Encoding.UTF8.GetByteCount(data):x}\r\n{data}\r\n";
    }

    [Fact]
    public async Task Ttft_tpot_and_itl_match_the_servers_pacing_and_token_counts_are_exact()
    {
        // given a server that sends the first token 150 ms after the request, then one every 20 ms (10 tokens),
        // and notes on the client's own clock when it really wrote each event (a loaded machine may pace late)
        var clock = new RunClock(TimeProvider.System);
        var written = new List<double>();
        var requestArrived = 0.0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var start = Stopwatch.GetTimestamp();
            requestArrived = clock.NowMs();
            written.Clear();
            await SseScript.StartStreamAsync(context);
            for (var i = 0; i < 10; i++)
            {
                await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(150 + 20 * i), context.RequestAborted);
                written.Add(clock.NowMs());
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" hello"));
            }
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(5, 10) + SseScript.Done);
        });
        await ExecuteAgainstAsync(server, runClock: clock); // warm the connection and the JIT

        // when
        var record = await ExecuteAgainstAsync(server, runClock: clock);

        // then every event is stamped after its write and soon after it, so TTFT, TPOT and ITL follow the server; the
        // bounds hold with both cores busy (other test assemblies run beside this one): the precision itself, a few
        // ms or less, is measured by bench/LlmLoad.LoadCapacity (BENCHMARKS.md § "Capacity suite")
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(10, record.ChunkAtMs.Count);
        var delays = record.ChunkAtMs.Zip(written, (arrived, sent) => arrived - sent).ToArray();
        Assert.All(delays, delay => Assert.InRange(delay, 0, 100));
        Assert.True(delays.Order().ElementAt(5) < 20, $"median write-to-stamp delay {delays.Order().ElementAt(5):0.00} ms");
        var measuredTtft = record.FirstTokenAtMs!.Value - record.SentAtMs;
        // sent_at is stamped before the server sees the request, and not long before
        Assert.InRange(requestArrived - record.SentAtMs, 0, 100);
        Assert.True(measuredTtft >= 150, $"TTFT {measuredTtft:0.0} ms is shorter than the server's 150 ms");
        var gaps = record.ChunkAtMs.Zip(record.ChunkAtMs.Skip(1), (a, b) => b - a).ToArray();
        var serverGaps = written.Zip(written.Skip(1), (a, b) => b - a).ToArray();
        Assert.InRange(gaps.Average() - serverGaps.Average(), -10, 10);
        var tpot = (record.LastTokenAtMs!.Value - record.FirstTokenAtMs.Value) / (record.OutputTokens - 1);
        Assert.InRange(tpot - serverGaps.Average(), -10, 10);
        Assert.Equal(10, record.OutputTokens);
        Assert.Equal("usage", record.OutputTokensSource);
        Assert.Equal(10, record.TokenizerOutputTokens);
        Assert.All(record.ChunkTokens, tokens => Assert.Equal(1, tokens));
        Assert.Equal(5, record.ServerPromptTokens);
        Assert.Equal("length", record.FinishReason);
    }

    [Fact]
    public async Task Events_split_across_writes_with_crlf_comments_and_no_space_after_data_are_all_read()
    {
        // given a stream written in awkward pieces, ending with a finish reason but no [DONE]
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            var chunk = SseScript.ChatChunk(" one").Replace("\n", "\r\n");
            await SseScript.WriteAsync(context, ": keep-alive comment\r\n\r\n");
            await SseScript.WriteAsync(context, chunk[..10]);
            await SseScript.WriteAsync(context, chunk[10..]);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" two three").Replace("data: ", "data:"));
            await SseScript.WriteAsync(context, SseScript.FinishChunk("stop"));
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(2, record.ChunkAtMs.Count);
        Assert.Equal([1, 2], record.ChunkTokens);
        Assert.Equal(3, record.OutputTokens);
        Assert.Equal("tokenizer", record.OutputTokensSource);
        Assert.Equal("stop", record.FinishReason);
    }

    [Fact]
    public async Task An_error_status_is_recorded_with_its_body_excerpt_and_retry_after()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "3";
            await context.Response.WriteAsync("{\"error\":{\"message\":\"slow down\"}}");
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.HttpStatus, record.Outcome);
        Assert.Equal(429, record.HttpStatus);
        Assert.Equal(3, record.RetryAfterSeconds);
        Assert.Contains("slow down", record.ErrorMessage);
    }

    [Theory]
    [InlineData(HttpStack.Builtin)]
    [InlineData(HttpStack.Dotnet)]
    public async Task A_connection_cut_mid_stream_is_stream_truncated(HttpStack stack)
    {
        // given a chunked stream whose connection closes after one event (a FIN: the event is not discarded, as a reset could)
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            var chunk = SseScript.ChatChunk(" partial");
            await exchange.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + $"{System.Text.Encoding.UTF8.GetByteCount(chunk):x}\r\n{chunk}\r\n", cancellationToken);
            exchange.Close();
        });
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, HttpStack = stack };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");

        // when
        var record = await executor.ExecuteAsync(
            new PreparedRequest(7, false, "{\"model\":\"m\"}"u8.ToArray(), PromptTokens: 5, MaxTokens: 10), clock.NowMs(), TestContext.Current.CancellationToken);

        // then
        Assert.Equal(RequestOutcome.StreamTruncated, record.Outcome);
        Assert.Single(record.ChunkAtMs);
    }

    [Fact]
    public async Task A_stream_that_ends_cleanly_without_done_or_finish_reason_is_stream_truncated()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" partial"));
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.StreamTruncated, record.Outcome);
    }

    [Fact]
    public async Task Non_json_data_is_a_malformed_event()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" fine") + "data: {not json\n\n" + SseScript.Done);
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.MalformedEvent, record.Outcome);
        Assert.StartsWith("not JSON", record.ErrorMessage);
    }

    [Fact]
    public async Task A_single_line_of_many_megabytes_fails_as_malformed_without_being_buffered_whole()
    {
        // given a server that sends one 8 MB line and never a newline
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" fine"));
            var block = new string('x', 64 * 1024);
            await SseScript.WriteAsync(context, "data: ");
            for (var i = 0; i < 128; i++)
            {
                await SseScript.WriteAsync(context, block);
            }
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.MalformedEvent, record.Outcome);
        Assert.Contains("longer than 1048576 bytes", record.ErrorMessage);
        Assert.Single(record.ChunkAtMs);
    }

    [Fact]
    public async Task An_error_object_inside_the_stream_is_recorded_with_its_code()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\n");
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.HttpStatus, record.Outcome);
        Assert.Equal(500, record.HttpStatus);
        Assert.Contains("engine died", record.ErrorMessage);
    }

    [Fact]
    public async Task Reasoning_deltas_count_for_ttft_and_content_has_its_own_first_time()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\" think\"}}]}\n\n");
            await SseScript.WaitUntilAsync(Stopwatch.GetTimestamp(), TimeSpan.FromMilliseconds(100), context.RequestAborted);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" answer") + SseScript.FinishChunk() + SseScript.Done);
        });

        // when
        var record = await ExecuteAgainstAsync(server);

        // then
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(1, record.ReasoningChunks);
        // generous bound: the two events are written 100 ms apart
        Assert.True(record.FirstContentAtMs - record.FirstTokenAtMs >= 50);
    }

    [Fact]
    public async Task Headers_then_silence_fails_with_timeout_ttft_and_silence_after_a_token_with_timeout_idle()
    {
        // given one server that never sends a token, and one that stops after the first
        await using var silent = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var stalls = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" first"));
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var options = new EndpointOptions { BaseUrl = silent.BaseUrl, TtftTimeout = TimeSpan.FromMilliseconds(300), IdleTimeout = TimeSpan.FromMilliseconds(300) };

        // when
        var noToken = await ExecuteAgainstAsync(silent, options);
        var stalled = await ExecuteAgainstAsync(stalls, options);

        // then
        Assert.Equal(RequestOutcome.TimeoutTtft, noToken.Outcome);
        Assert.Equal(RequestOutcome.TimeoutIdle, stalled.Outcome);
        Assert.Single(stalled.ChunkAtMs);
    }

    [Fact]
    public async Task A_run_stopped_while_the_request_is_in_flight_records_cancelled()
    {
        // given
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var stop = new CancellationTokenSource();

        // when
        var pending = ExecuteAgainstAsync(server, stop: stop);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var record = await pending;

        // then
        Assert.Equal(RequestOutcome.Cancelled, record.Outcome);
    }

    [Fact]
    public async Task A_refused_connection_is_classified_connect()
    {
        // given a port that was free a moment ago and has no listener
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new EndpointOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}") };
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");

        // when
        var record = await executor.ExecuteAsync(new PreparedRequest(0, false, "{}"u8.ToArray(), 1, 1), 0, TestContext.Current.CancellationToken);

        // then
        Assert.Equal(RequestOutcome.Connect, record.Outcome);
        Assert.Null(record.HttpStatus);
    }

    [Fact]
    public async Task A_non_streamed_response_gives_e2el_and_usage_and_no_first_token_time_or_events()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\" a b c\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}");
        });

        // when
        var record = await ExecuteAgainstAsync(server, new EndpointOptions { BaseUrl = server.BaseUrl, Stream = false });

        // then
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(3, record.OutputTokens);
        Assert.Equal(3, record.TokenizerOutputTokens);
        Assert.Equal(record.DoneAtMs, record.LastTokenAtMs);
        // the body's arrival is the last token's, not the first's: TTFT, TPOT and ITL are not measured
        Assert.Null(record.FirstTokenAtMs);
        Assert.Null(record.FirstContentAtMs);
        Assert.Empty(record.ChunkAtMs);
        Assert.Empty(record.ChunkTokens);
        Assert.Null(LlmLoad.Core.Metrics.RequestLatency.TtftMs(record));
        Assert.Null(LlmLoad.Core.Metrics.RequestLatency.TpotMs(record));
        Assert.Equal(record.DoneAtMs - record.SentAtMs, LlmLoad.Core.Metrics.RequestLatency.E2elMs(record));
    }
}
