using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Transport.Http1;
using LlmLoad.Tests.Support;
using static LlmLoad.Core.Tests.Transport.Http1.Http1TestClient;

namespace LlmLoad.Core.Tests.Transport.Http1;

/// <summary>
/// The own HTTP/1.1 stack (Transport/Http1) through the product's <see cref="HttpClient"/>, against raw sockets
/// on 127.0.0.1 that write exactly the bytes each test scripts: framing, keep-alive, malformed responses,
/// the request's bytes, connect and TLS failures. Longer than most files: one place for the stack's whole
/// contract, in the order framing, connections, faults, request, connect, TLS.
/// </summary>
public sealed class Http1HandlerTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Chunk(string data) => $"{Encoding.Latin1.GetByteCount(data):x}\r\n{data}\r\n";

    [Fact]
    public async Task A_chunked_body_cut_into_single_bytes_is_reassembled_with_extensions_and_trailers_accepted()
    {
        // given a chunked response written one byte per send: sizes, CRLFs and the head's end all arrive in pieces,
        // with a chunk extension, an upper-case hex size and a trailer after the last chunk
        var alphabet = "abcdefghijklmnopqrstuvwxyz";
        var response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n" + "7\r\n, world\r\n" + $"1A\r\n{alphabet}\r\n" + "0\r\nX-Checksum: abc\r\n\r\n";
        var served = 0;
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            if (Interlocked.Increment(ref served) == 1)
            {
                await exchange.WriteByteByByteAsync(response, cancellationToken);
            }
            else
            {
                await exchange.WriteAsync(Ok, cancellationToken);
            }
        });
        using var client = Create(server.BaseUrl);

        // when
        var body = await PostAndReadAsync(client, server.BaseUrl);
        var next = await PostAndReadAsync(client, server.BaseUrl);

        // then the data is exact, and the trailer block was consumed to its end: the next request used the same connection
        Assert.Equal("hello, world" + alphabet, body);
        Assert.Equal("ok", next);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_content_length_body_is_read_to_its_length_and_no_further()
    {
        // given a 5-byte body split across two writes, followed by bytes nobody asked for
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            if (exchange.Connection == 1)
            {
                await exchange.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", cancellationToken);
                await exchange.WriteAsync("loEXTRA", cancellationToken);
            }
            else
            {
                await exchange.WriteAsync(Ok, cancellationToken);
            }
        });
        using var client = Create(server.BaseUrl);

        // when
        var body = await PostAndReadAsync(client, server.BaseUrl);
        var next = await PostAndReadAsync(client, server.BaseUrl);

        // then the body stops at its length, and the connection holding the stray bytes is not reused
        Assert.Equal("hello", body);
        Assert.Equal("ok", next);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_body_without_length_or_chunking_is_read_until_the_server_closes()
    {
        // given a response with neither Content-Length nor chunked, whose end is the connection's close
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            if (exchange.Connection == 1)
            {
                await exchange.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nfirst part, ", cancellationToken);
                await exchange.WriteAsync("second part", cancellationToken);
                exchange.Close();
            }
            else
            {
                await exchange.WriteAsync(Ok, cancellationToken);
            }
        });
        using var client = Create(server.BaseUrl);

        // when
        var body = await PostAndReadAsync(client, server.BaseUrl);
        var next = await PostAndReadAsync(client, server.BaseUrl);

        // then
        Assert.Equal("first part, second part", body);
        Assert.Equal("ok", next);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Sequential_requests_whose_bodies_are_read_to_the_end_share_one_connection()
    {
        // given a server answering with chunked and Content-Length bodies in turn
        var served = 0;
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            var number = Interlocked.Increment(ref served);
            await exchange.WriteAsync(number % 2 == 1
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk($"reply {number}") + "0\r\n\r\n"
                : $"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nreply {number}", cancellationToken);
        });
        using var client = Create(server.BaseUrl);

        // when
        var bodies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            bodies.Add(await PostAndReadAsync(client, server.BaseUrl));
        }

        // then
        Assert.Equal(["reply 1", "reply 2", "reply 3", "reply 4"], bodies);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_stream_disposed_after_done_is_drained_and_its_connection_reused()
    {
        // given an SSE stream whose terminating chunk comes only after the client has disposed the body
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var terminatorSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = 0;
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            if (Interlocked.Increment(ref served) == 1)
            {
                await exchange.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Chunk("data: {\"x\":1}\n\n") + Chunk("data: [DONE]\n\n"), cancellationToken);
                await disposed.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                await exchange.WriteAsync("0\r\n\r\n", cancellationToken);
                terminatorSent.TrySetResult();
            }
            else
            {
                await exchange.WriteAsync(Ok, cancellationToken);
            }
        });
        var handler = new Http1Handler(new EndpointOptions { BaseUrl = server.BaseUrl }, 4, preopened: null);
        using var client = new HttpClient(handler);

        // when the client stops reading at [DONE] (as the SSE reader does) and disposes the response
        using (var response = await PostAsync(client, server.BaseUrl))
        {
            await using var body = await response.Content.ReadAsStreamAsync(Token);
            var text = new StringBuilder();
            var buffer = new byte[64];
            while (!text.ToString().Contains("data: [DONE]", StringComparison.Ordinal))
            {
                var read = await body.ReadAsync(buffer, Token);
                Assert.NotEqual(0, read);
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        disposed.SetResult();
        await terminatorSent.Task.WaitAsync(TimeSpan.FromSeconds(5), Token);
        // the pool drains in the background; the connection is back once the terminator is read
        await WaitUntilAsync(() => handler.IdleState().Idle == 1, "the drained connection to return to the pool");
        var next = await PostAndReadAsync(client, server.BaseUrl);

        // then
        Assert.Equal("ok", next);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_malformed_rest_after_done_closes_the_connection_without_failing_the_dispose()
    {
        // given [DONE] followed, in the same write, by a chunk-size line that is not hex
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync(Interlocked.Increment(ref _served) == 1
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk("data: [DONE]\n\n") + "zz\r\n"
                : Ok, cancellationToken));
        using var client = Create(server.BaseUrl);

        // when the client reads to [DONE] and disposes
        using (var response = await PostAsync(client, server.BaseUrl))
        {
            await using var body = await response.Content.ReadAsStreamAsync(Token);
            var buffer = new byte[64];
            var read = 0;
            while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("[DONE]", StringComparison.Ordinal))
            {
                read += await body.ReadAsync(buffer.AsMemory(read), Token);
            }
        }

        // then the next request works, on a new connection
        Assert.Equal("ok", await PostAndReadAsync(client, server.BaseUrl));
        Assert.Equal(2, server.Connections);
    }

    private int _served;

    [Fact]
    public async Task Requests_beyond_the_connection_limit_wait_for_one_to_end()
    {
        // given a server that holds each response for 150 ms, and a client allowed two requests at once
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await Task.Delay(150, cancellationToken);
            await exchange.WriteAsync(Ok, cancellationToken);
        });
        using var client = LoadHttpClientFactory.Create(new EndpointOptions { BaseUrl = server.BaseUrl }, 2);

        // when five requests go at once
        var bodies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAndReadAsync(client, server.BaseUrl)));

        // then all succeed over two connections
        Assert.All(bodies, body => Assert.Equal("ok", body));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_response_with_connection_close_makes_the_next_request_open_a_new_connection()
    {
        // given a server that says Connection: close but would happily read another request on the connection
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", cancellationToken));
        using var client = Create(server.BaseUrl);

        // when
        var first = await PostAndReadAsync(client, server.BaseUrl);
        var second = await PostAndReadAsync(client, server.BaseUrl);

        // then
        Assert.Equal(("ok", "ok"), (first, second));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_pooled_connection_the_server_closed_is_not_used_for_the_next_request()
    {
        // given a keep-alive response after which the server closes the connection (FIN) while it idles in the pool
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync(Ok, cancellationToken);
            exchange.Close();
        });
        var handler = new Http1Handler(new EndpointOptions { BaseUrl = server.BaseUrl }, 4, preopened: null);
        using var client = new HttpClient(handler);
        Assert.Equal("ok", await PostAndReadAsync(client, server.BaseUrl));
        await WaitUntilAsync(() => handler.IdleState().SeenClosed == 1, "the server's FIN to reach the pooled connection");

        // when
        var next = await PostAndReadAsync(client, server.BaseUrl);

        // then
        Assert.Equal("ok", next);
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task An_invalid_status_line_fails_the_request_as_an_invalid_response()
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync("HTTP/1.1 OK 200\r\nContent-Length: 0\r\n\r\n", cancellationToken));
        using var client = Create(server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, server.BaseUrl));

        // then
        Assert.Equal(HttpRequestError.InvalidResponse, exception.HttpRequestError);
    }

    [Fact]
    public async Task A_response_head_over_64_KiB_fails_the_request()
    {
        // given a complete, well-formed head of about 70 KiB, sent in one write
        var head = $"HTTP/1.1 200 OK\r\nX-Big: {new string('a', 70 * 1024)}\r\nContent-Length: 2\r\n\r\nok";
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(head, cancellationToken));
        using var client = Create(server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, server.BaseUrl));

        // then
        Assert.Contains("64 KiB", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_head_just_under_64_KiB_is_accepted()
    {
        // given a head of about 63 KiB, sent in one write
        var value = new string('a', 63 * 1024);
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync($"HTTP/1.1 200 OK\r\nX-Big: {value}\r\nContent-Length: 2\r\n\r\nok", cancellationToken));
        using var client = Create(server.BaseUrl);

        // when
        using var response = await PostAsync(client, server.BaseUrl);

        // then
        Assert.Equal(value, Assert.Single(response.Headers.GetValues("X-Big")));
        Assert.Equal("ok", await ReadBodyAsync(response));
    }

    [Fact]
    public async Task An_invalid_chunk_size_fails_the_body_read_with_an_io_exception()
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", cancellationToken));
        using var client = Create(server.BaseUrl);
        using var response = await PostAsync(client, server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAnyAsync<IOException>(() => ReadBodyAsync(response));

        // then
        var httpException = Assert.IsType<HttpIOException>(exception);
        Assert.Equal(HttpRequestError.InvalidResponse, httpException.HttpRequestError);
    }

    [Fact]
    public async Task A_chunk_size_line_over_64_KiB_fails_even_when_it_arrives_whole()
    {
        // given a chunk extension of 70 KiB, sent with its line end in one write
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x={new string('a', 70 * 1024)}\r\nhello\r\n0\r\n\r\n", cancellationToken));
        using var client = Create(server.BaseUrl);
        using var response = await PostAsync(client, server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAnyAsync<IOException>(() => ReadBodyAsync(response));

        // then
        Assert.Equal(HttpRequestError.InvalidResponse, Assert.IsType<HttpIOException>(exception).HttpRequestError);
    }

    [Fact]
    public async Task A_connection_closed_mid_chunk_fails_the_body_read_as_ended_prematurely()
    {
        // given a 10-byte chunk of which 3 bytes arrive before a clean close
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhel", cancellationToken);
            exchange.Close();
        });
        using var client = Create(server.BaseUrl);
        using var response = await PostAsync(client, server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpIOException>(() => ReadBodyAsync(response));

        // then
        Assert.Equal(HttpRequestError.ResponseEnded, exception.HttpRequestError);
        // HttpIOException appends the error to its message: "... prematurely. (ResponseEnded)"
        Assert.StartsWith("The response ended prematurely.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_closed_before_any_header_fails_the_request()
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, _) =>
        {
            exchange.Close();
            return Task.CompletedTask;
        });
        using var client = Create(server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, server.BaseUrl));

        // then
        Assert.Equal(HttpRequestError.ResponseEnded, exception.HttpRequestError);
    }

    [Fact]
    public async Task Interim_1xx_responses_before_the_real_response_are_skipped()
    {
        // given 100 Continue and 103 Early Hints (with a header of its own) before the final response
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n", cancellationToken);
            await exchange.WriteAsync("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone", cancellationToken);
        });
        using var client = Create(server.BaseUrl);

        // when
        using var response = await PostAsync(client, server.BaseUrl);

        // then
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        Assert.Equal("done", await ReadBodyAsync(response));
    }

    [Fact]
    public async Task Status_reason_and_headers_land_in_the_response_and_its_content_headers()
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(
            "HTTP/1.1 429 Slow Down Please\r\nRetry-After: 7\r\nX-Request-Id: r-42\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", cancellationToken));
        using var client = Create(server.BaseUrl);

        // when
        using var response = await PostAsync(client, server.BaseUrl);

        // then
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("Slow Down Please", response.ReasonPhrase);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(["r-42"], response.Headers.GetValues("X-Request-Id"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal("{}", await ReadBodyAsync(response));
    }

    [Fact]
    public async Task The_request_goes_out_with_its_line_host_length_body_credentials_and_extra_headers()
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(Ok, cancellationToken));
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, ApiKey = "KEY", Headers = [new("X-Team", "load-test")] };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}";

        // when
        using var request = ChatRequest(endpoint, body);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);

        // then
        var received = Assert.Single(server.Requests);
        var lines = received.HeadLines;
        Assert.Equal("POST /v1/chat/completions HTTP/1.1", lines[0]);
        Assert.Contains($"Host: 127.0.0.1:{server.BaseUrl.Port}", lines);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", lines);
        Assert.Contains("Content-Type: application/json", lines);
        Assert.Contains("Authorization: Bearer KEY", lines);
        Assert.Contains("X-Team: load-test", lines);
        Assert.Contains("Accept: text/event-stream", lines);
        Assert.Equal(Encoding.UTF8.GetBytes(body), received.Body);
    }

    [Fact]
    public async Task A_header_value_with_a_line_break_is_refused_and_the_injected_line_never_reaches_the_server()
    {
        // given an extra header whose value would start a header line of its own
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(Ok, cancellationToken));
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, Headers = [new("X-Note", "a\r\nX-Injected: yes")] };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        using var request = ChatRequest(endpoint);
        Assert.True(request.Headers.Contains("X-Note"));

        // when
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token));

        // then whatever connection was opened is closed with nothing on it
        await WaitUntilAsync(() => server.ClosedConnections == server.Connections, "the server to finish with every connection");
        Assert.DoesNotContain("X-Injected", server.ReceivedText, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_refused_connect_fails_as_a_connection_error_naming_the_address()
    {
        // given a port nobody listens on (bound, then released)
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        using var client = Create(baseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, baseUrl));

        // then
        Assert.Equal(HttpRequestError.ConnectionError, exception.HttpRequestError);
        Assert.Contains($"127.0.0.1:{port}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_with_insecure_accepts_a_self_signed_certificate()
    {
        // given
        using var certificate = CreateSelfSignedCertificate();
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(Ok, cancellationToken), certificate);
        using var client = LoadHttpClientFactory.Create(new EndpointOptions { BaseUrl = server.BaseUrl, Insecure = true }, 4);

        // when
        var body = await PostAndReadAsync(client, server.BaseUrl);

        // then
        Assert.Equal("ok", body);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Https_without_insecure_refuses_a_self_signed_certificate()
    {
        // given
        using var certificate = CreateSelfSignedCertificate();
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(Ok, cancellationToken), certificate);
        using var client = LoadHttpClientFactory.Create(new EndpointOptions { BaseUrl = server.BaseUrl, Insecure = false }, 4);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, server.BaseUrl));

        // then
        Assert.Equal(HttpRequestError.SecureConnectionError, exception.HttpRequestError);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Https_connections_opened_before_the_run_arrive_with_their_handshake_done()
    {
        // given
        using var certificate = CreateSelfSignedCertificate();
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) => exchange.WriteAsync(Ok, cancellationToken), certificate);
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, Insecure = true };
        using var preopened = new PreopenedConnections();

        // when three connections are opened before any request, then three requests go at once
        var report = await preopened.OpenAsync(endpoint, 3, Token);
        for (var waited = 0; server.TlsSessions < 3 && waited < 100; waited++)
        {
            // the server's side of a handshake ends a moment after the client's
            await Task.Delay(20, Token);
        }
        var handshakesBeforeRequests = server.TlsSessions;
        using var client = LoadHttpClientFactory.Create(endpoint, 4, preopened);
        var bodies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAndReadAsync(client, server.BaseUrl)));

        // then the handshakes were made before the requests, and no other connection was needed
        Assert.Equal((3, 0), (report.Opened, report.Failed));
        Assert.Equal(3, handshakesBeforeRequests);
        Assert.All(bodies, body => Assert.Equal("ok", body));
        Assert.Equal((3, 3), (server.Connections, server.TlsSessions));
    }

    /// <summary>A certificate for 127.0.0.1 that nothing trusts; ECDSA because its key is made in a few ms.</summary>
    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // on Linux the key of a certificate made in memory is not usable by SslStream until it round-trips through PFX
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
