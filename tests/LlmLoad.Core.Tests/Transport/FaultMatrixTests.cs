using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Common;
using LlmLoad.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>
/// Each fault of <see cref="FaultMatrix"/>, one request at a time, against a server that does exactly
/// that: the record carries the class and status docs/errors.md assigns, and the server saw one request.
/// Alone in its process (timing-sensitive): the faults are told apart by 1 s deadlines, and beside the parallel tests
/// (load average 25-75) one run failed that passed alone.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultMatrixTests(FaultMatrixTests.Server server) : IClassFixture<FaultMatrixTests.Server>
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    /// <summary>One Kestrel server for the class; the request body names the fault to play.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public ConcurrentDictionary<string, int> Arrivals { get; } = new();

        public Uri BaseUrl => _loopback.BaseUrl;

        private LoopbackServer _loopback = null!;

        public async ValueTask InitializeAsync()
        {
            _loopback = await LoopbackServer.StartAsync(async context =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                var name = body.RootElement.GetProperty("fault").GetString()!;
                Arrivals.AddOrUpdate(name, 1, (_, count) => count + 1);
                await FaultMatrix.Named(name == "warm-up" ? "ok" : name).Respond(context);
            });
            // the first request pays for the JIT on both sides; it must not eat into the 1 s deadlines
            await ExecuteAsync(BaseUrl, "{\"fault\":\"warm-up\"}");
        }

        public ValueTask DisposeAsync() => _loopback.DisposeAsync();
    }

    public static TheoryData<string> FaultNames => [.. FaultMatrix.All.Select(fault => fault.Name)];

    private static async Task<RequestRecord> ExecuteAsync(Uri baseUrl, string body)
    {
        var endpoint = FaultMatrix.WithTestTimeouts(new EndpointOptions { BaseUrl = baseUrl });
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "fault-matrix");
        var request = new PreparedRequest(0, false, Encoding.UTF8.GetBytes(body), PromptTokens: 3, MaxTokens: 10);
        return await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(FaultNames))]
    public async Task Each_fault_is_recorded_with_its_class_and_status_after_exactly_one_request(string name)
    {
        // given
        var fault = FaultMatrix.Named(name);
        var before = server.Arrivals.GetValueOrDefault(name);

        // when
        var record = await ExecuteAsync(server.BaseUrl, $"{{\"fault\":\"{name}\"}}");

        // then
        Assert.True(fault.Expected == record.Outcome, $"{name}: expected {fault.Expected.ToName()}, got {record.Outcome.ToName()} ({record.ErrorMessage})");
        if (!(fault.ResetMayHideStatus && record.HttpStatus is null))
        {
            Assert.Equal(fault.HttpStatus, record.HttpStatus);
        }
        Assert.Equal(before + 1, server.Arrivals[name]);
        if (fault.Expected == RequestOutcome.Ok)
        {
            Assert.Null(record.ErrorMessage);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(record.ErrorMessage));
            Assert.DoesNotContain('\n', record.ErrorMessage);
        }
        Assert.NotNull(record.DoneAtMs);
    }

    [Fact]
    public async Task A_refused_connection_is_connect_with_no_status()
    {
        // given a port that was free a moment ago and has no listener
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // when
        var record = await ExecuteAsync(new Uri($"http://127.0.0.1:{port}"), "{}");

        // then
        Assert.Equal(RequestOutcome.Connect, record.Outcome);
        Assert.Null(record.HttpStatus);
        Assert.Contains("refused", record.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_reset_before_any_header_is_stream_truncated_not_connect()
    {
        // given a server that accepts, reads the request and answers with an RST
        await using var raw = RawSocketServer.Start((socket, _) =>
        {
            RawSocketServer.Reset(socket);
            return Task.CompletedTask;
        });

        // when
        var record = await ExecuteAsync(raw.BaseUrl, "{}");

        // then the request reached the server, so it is not a connect failure
        Assert.Equal(RequestOutcome.StreamTruncated, record.Outcome);
        Assert.Null(record.HttpStatus);
        Assert.StartsWith("the connection closed before the response headers", record.ErrorMessage);
        Assert.Equal(1, raw.Requests);
    }

    [Fact]
    public async Task A_chunked_body_whose_connection_closes_cleanly_mid_chunk_is_stream_truncated_after_the_chunks_before()
    {
        // given a server that sends one whole chunk, announces a 64-byte chunk, sends 10 bytes and closes with a FIN
        var firstEvent = SseScript.ChatChunk(" whole");
        await using var raw = RawSocketServer.Start(async (socket, cancellationToken) =>
        {
            await RawSocketServer.SendAsync(socket,
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + $"{Encoding.ASCII.GetByteCount(firstEvent):x}\r\n{firstEvent}\r\n"
                + "40\r\ndata: {\"ch", cancellationToken);
            socket.Shutdown(SocketShutdown.Send);
            // wait for the client to close its side, so that our close is a FIN and never an RST
            await socket.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken);
        });

        // when
        var record = await ExecuteAsync(raw.BaseUrl, "{}");

        // then
        Assert.Equal(RequestOutcome.StreamTruncated, record.Outcome);
        Assert.Equal(200, record.HttpStatus);
        Assert.Single(record.ChunkAtMs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(263)] // the key then straddles the 300-character excerpt in both cases
    public async Task A_key_echoed_in_an_error_body_or_event_is_redacted_even_where_the_excerpt_cuts_it(int paddingChars)
    {
        // given a server that quotes the bearer token back after some padding, as a 401 body and as an in-stream error
        const string key = "sk-echoed-key-0123456789abcdef";
        var padding = new string('x', paddingChars);
        await using var echo = await LoopbackServer.StartAsync(async context =>
        {
            var token = context.Request.Headers.Authorization.ToString();
            if (context.Request.Headers.ContainsKey("X-Stream-Error"))
            {
                await SseScript.StartStreamAsync(context);
                await SseScript.WriteAsync(context, $"data: {{\"error\":{{\"message\":\"{padding} bad token {token}\"}}}}\n\n");
                return;
            }
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync($"{padding} invalid credentials: {token}", context.RequestAborted);
        });
        var endpoint = FaultMatrix.WithTestTimeouts(new EndpointOptions { BaseUrl = echo.BaseUrl, ApiKey = key });
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var request = new PreparedRequest(0, false, "{}"u8.ToArray(), 3, 10);

        // when
        var refused = await new RequestExecutor(client, endpoint, clock, O200k, "t").ExecuteAsync(request, 0, TestContext.Current.CancellationToken);
        var streamed = await new RequestExecutor(client, endpoint with { Headers = [new("X-Stream-Error", "1")] }, clock, O200k, "t")
            .ExecuteAsync(request, 0, TestContext.Current.CancellationToken);

        // then no piece of the key survives (its first 8 characters would already say too much)
        Assert.Equal(401, refused.HttpStatus);
        Assert.Equal(RequestOutcome.HttpStatus, streamed.Outcome);
        Assert.All(new[] { refused.ErrorMessage!, streamed.ErrorMessage! }, message =>
        {
            Assert.DoesNotContain(key[..8], message);
            Assert.Contains("Bearer ***", message);
        });
    }

    [Fact]
    public async Task A_429_is_recorded_with_retry_after_and_never_retried_on_a_reused_connection()
    {
        // given one client, so the five requests share a kept-alive connection
        var endpoint = FaultMatrix.WithTestTimeouts(new EndpointOptions { BaseUrl = server.BaseUrl });
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "fault-matrix");
        var request = new PreparedRequest(0, false, "{\"fault\":\"status_429_retry_after\"}"u8.ToArray(), 3, 10);
        var before = server.Arrivals.GetValueOrDefault("status_429_retry_after");

        // when
        var records = new List<RequestRecord>();
        for (var i = 0; i < 5; i++)
        {
            records.Add(await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken));
        }

        // then
        Assert.All(records, record =>
        {
            Assert.Equal(RequestOutcome.HttpStatus, record.Outcome);
            Assert.Equal(429, record.HttpStatus);
            Assert.Equal(7, record.RetryAfterSeconds);
            Assert.Equal("HTTP 429 Too Many Requests: {\"error\":{\"message\":\"rate limited\"}}", record.ErrorMessage);
        });
        Assert.Equal(before + 5, server.Arrivals["status_429_retry_after"]);
    }
}
