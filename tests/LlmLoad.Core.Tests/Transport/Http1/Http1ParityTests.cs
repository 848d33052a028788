using System.Net;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Support;
using static LlmLoad.Core.Tests.Transport.Http1.Http1TestClient;

namespace LlmLoad.Core.Tests.Transport.Http1;

/// <summary>
/// The same raw responses through both stacks: where <see cref="SocketsHttpHandler"/> is the reference, the
/// own stack must give the same body or fail with the same exception, so <c>RequestExecutor</c> records the
/// same thing whichever <see cref="HttpStack"/> a run uses.
/// </summary>
public sealed class Http1ParityTests
{
    private static readonly Dictionary<string, (string Response, HttpStatusCode Status, string Body)> s_bodies = new()
    {
        ["content-length"] = ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", HttpStatusCode.OK, "hello"),
        ["http-1.0-until-close"] = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the close", HttpStatusCode.OK, "read until the close"),
        ["100-continue-then-chunked"] = (
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n",
            HttpStatusCode.Accepted, "abcde"),
        ["no-content"] = ("HTTP/1.1 204 No Content\r\n\r\n", HttpStatusCode.NoContent, ""),
        ["bare-lf-head"] = ("HTTP/1.1 200 OK\nContent-Type: text/event-stream\nContent-Length: 5\n\nhello", HttpStatusCode.OK, "hello"),
        ["bare-lf-blank-line-after-crlf"] = ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\nhello", HttpStatusCode.OK, "hello"),
        ["bare-lf-chunked"] = ("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n", HttpStatusCode.OK, "hello"),
    };

    public static TheoryData<HttpStack, string> Bodies => Cases(s_bodies.Keys);

    private static TheoryData<HttpStack, string> Cases(IEnumerable<string> names)
    {
        var data = new TheoryData<HttpStack, string>();
        foreach (var name in names)
        {
            data.Add(HttpStack.Builtin, name);
            data.Add(HttpStack.Dotnet, name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Both_stacks_read_the_same_status_and_body_from_the_same_bytes(HttpStack stack, string name)
    {
        // given a server that writes the response and then closes (the end of an until-close body)
        var (raw, status, expected) = s_bodies[name];
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync(raw, cancellationToken);
            exchange.Close();
        });
        using var client = Create(server.BaseUrl, stack);

        // when
        using var response = await PostAsync(client, server.BaseUrl);
        var body = await ReadBodyAsync(response);

        // then
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData(HttpStack.Builtin)]
    [InlineData(HttpStack.Dotnet)]
    public async Task Both_stacks_fail_an_invalid_status_line_as_an_invalid_response(HttpStack stack)
    {
        // given
        await using var server = RawHttp1Server.Start((exchange, cancellationToken) =>
            exchange.WriteAsync("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", cancellationToken));
        using var client = Create(server.BaseUrl, stack);

        // when
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(client, server.BaseUrl));

        // then
        Assert.Equal(HttpRequestError.InvalidResponse, exception.HttpRequestError);
    }

    [Theory]
    [InlineData(HttpStack.Builtin)]
    [InlineData(HttpStack.Dotnet)]
    public async Task Both_stacks_fail_a_body_cut_mid_chunk_as_ended_prematurely(HttpStack stack)
    {
        // given
        await using var server = RawHttp1Server.Start(async (exchange, cancellationToken) =>
        {
            await exchange.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\na\r\nhel", cancellationToken);
            exchange.Close();
        });
        using var client = Create(server.BaseUrl, stack);
        using var response = await PostAsync(client, server.BaseUrl);

        // when
        var exception = await Assert.ThrowsAsync<HttpIOException>(() => ReadBodyAsync(response));

        // then
        Assert.Equal(HttpRequestError.ResponseEnded, exception.HttpRequestError);
    }
}
